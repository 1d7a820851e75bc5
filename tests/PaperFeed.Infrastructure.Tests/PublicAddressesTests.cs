using System.Net;
using PaperFeed.Infrastructure.Thumbnails;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>What counts as a public address for a fetch whose target comes from upstream data.</summary>
public sealed class PublicAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("169.254.169.254")] // cloud metadata services
    [InlineData("10.0.0.5")]
    [InlineData("172.17.0.1")] // Docker's bridge
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")] // IPv4-mapped
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 for 169.254.169.254
    public void Loopback_private_link_local_and_reserved_addresses_are_not_public(string address) =>
        Assert.False(PublicAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("151.101.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")] // just past 172.16.0.0/12
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")] // NAT64 for 8.8.8.8
    public void Internet_addresses_are_public(string address) =>
        Assert.True(PublicAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, "image/gif")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, "image/webp")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'A', (byte)'V', (byte)'E' }, null)]
    [InlineData(new byte[] { (byte)'<', (byte)'s', (byte)'v', (byte)'g' }, null)]
    [InlineData(new byte[] { 0x89, 0x50 }, null)]
    public void Images_are_known_by_their_first_bytes(byte[] bytes, string? type) =>
        Assert.Equal(type, ThumbnailCache.ImageType(bytes));
}
