using System.Diagnostics;

namespace PaperFeed.Testing;

/// <summary>
/// A disk of its own for a data directory, small enough to fill: a tmpfs of a few megabytes mounted on a new folder
/// (<c>mount -t tmpfs</c>, which takes root), filled on purpose with a file, and unmounted and removed when disposed.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "filler");

    /// <summary>Bytes free on the disk.</summary>
    public long Available => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MB on a new folder; null, and why, when it cannot (not root, no mount).</summary>
    public static SmallDisk? TryMount(int megabytes, out string whyNot)
    {
        whyNot = "";
        if (!Environment.IsPrivilegedProcess)
        {
            whyNot = "mounting a tmpfs takes root, and this test process is not root";
            return null;
        }

        var path = TestHost.NewDataDirectory();
        try
        {
            var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", path);
            if (exitCode == 0)
            {
                return new SmallDisk(path);
            }

            whyNot = $"mount -t tmpfs failed (exit {exitCode}): {output}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            whyNot = $"mount could not be run: {e.Message}";
        }

        Directory.Delete(path);
        return null;
    }

    /// <summary>
    /// Fills the disk with one file (growing it when called again) until no more than <paramref name="leave"/> bytes are
    /// free, so that the next write that needs more fails with ENOSPC.
    /// </summary>
    public void Fill(long leave = 0)
    {
        var block = new byte[4096];
        using var filler = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (Available > leave)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
            // No space left on device: full.
        }
    }

    /// <summary>Deletes the filler: the disk has its space again.</summary>
    public void Free() => File.Delete(Filler);

    public void Dispose()
    {
        // A process that still has a file open keeps the mount busy: then it is detached now and goes when they close.
        if (Run("umount", Path).ExitCode != 0)
        {
            Run("umount", "--lazy", Path);
        }

        Directory.Delete(Path);
    }

    private static (int ExitCode, string Output) Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, (output.Result + error).Trim());
    }
}
