using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MimeKit;

namespace PaperFeed.Testing;

/// <summary>
/// A small but real SMTP server on 127.0.0.1 (random port) for tests: MailKit holds a real SMTP conversation with it.
/// It keeps every accepted message, and can misbehave on purpose: reject a recipient for good (550) or for now (451),
/// reject the sender at MAIL FROM or a message after its body (DATA), answer every Nth RCPT with a fault (421 closes the
/// connection), drop the connection after a number of messages or in the middle of a message's body, or be slow (a
/// delay before every reply). It offers AUTH (PLAIN and LOGIN, any credentials taken and
/// recorded) and, given a certificate, STARTTLS; it records every command and whether it came encrypted. Written here rather than taken from a package because these
/// faults must be exact and deterministic.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, string> _rejections = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _messageRejections = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly ConcurrentQueue<SmtpCommand> _commands = new();
    private readonly List<Task> _sessions = [];
    private Task? _accepting;
    private int _connections;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<ReceivedMessage> Messages => [.. _messages];

    /// <summary>Every command received, in order, with whether it came over TLS (AUTH's arguments are not kept here).</summary>
    public IReadOnlyList<SmtpCommand> Commands => [.. _commands];

    /// <summary>The user names and passwords presented with AUTH, with whether they came over TLS.</summary>
    public IReadOnlyList<(string User, string Password, bool Encrypted)> Credentials => [.. _credentials];

    private readonly ConcurrentQueue<(string User, string Password, bool Encrypted)> _credentials = new();

    /// <summary>When set, EHLO offers STARTTLS and the server upgrades with this certificate.</summary>
    public X509Certificate2? StartTlsCertificate { get; set; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => _connections;

    /// <summary>When set, a connection is closed right after this many accepted messages.</summary>
    public int? DropConnectionAfter { get; set; }

    /// <summary>
    /// When set, the connection is closed after the body of this message (1 = the first of a connection) arrived and
    /// before the server answers it: the moment when the client cannot know whether the server kept the message.
    /// The message is kept, as a real server may have done.
    /// </summary>
    public int? DropBeforeAnswering { get; set; }

    /// <summary>
    /// When set, asked with each RCPT's number (1, 2, … across all connections) for a reply that takes the place of the
    /// usual one, e.g. "451 4.3.0 Try later"; null answers as usual. After a 421 the connection is closed, as RFC 5321 has it.
    /// </summary>
    public Func<int, string?>? RecipientFault { get; set; }

    /// <summary>
    /// When set, the connection is closed in the middle of the body of this message (1 = the first DATA across all
    /// connections), after a few of its lines and without an answer; the message is not kept.
    /// </summary>
    public int? DropMidData { get; set; }

    /// <summary>
    /// A slow server: asked with the verb being answered ("" for the greeting, "." for the end of a message's body) for
    /// a wait before the reply.
    /// </summary>
    public Func<string, TimeSpan>? ReplyDelay { get; set; }

    /// <summary>The replies given by <see cref="RecipientFault"/> and the bodies cut off by <see cref="DropMidData"/>, in order.</summary>
    public IReadOnlyList<string> Faults => [.. _faults];

    private readonly ConcurrentQueue<string> _faults = new();
    private int _recipientCommands;
    private int _dataCommands;

    private TestSmtpServer(int port) => _listener = new TcpListener(IPAddress.Loopback, port);

    /// <summary>Starts on <paramref name="port"/>, or on a free port when 0.</summary>
    public static TestSmtpServer Start(int port = 0)
    {
        var server = new TestSmtpServer(port);
        server._listener.Start();
        server._accepting = server.AcceptAsync();
        return server;
    }

    /// <summary>Answers RCPT TO for this address with <paramref name="reply"/>, e.g. "550 5.1.1 No such user" or "451 4.3.0 Try later".</summary>
    public void Reject(string address, string reply) => _rejections[address] = reply;

    /// <summary>
    /// Answers the end of DATA for a message to this address with <paramref name="reply"/> (e.g. "554 5.7.1 Rejected as
    /// spam" or "451 4.7.0 Content scan failed, try later"), after taking its recipients and reading its body: the message is not kept.
    /// </summary>
    public void RejectMessageTo(string address, string reply) => _messageRejections[address] = reply;

    /// <summary>When set, MAIL FROM is answered with this reply, e.g. "550 5.7.1 Sender rejected" or "451 4.3.2 Not now".</summary>
    public string? SenderReply { get; set; }

    /// <summary>Takes mail for this address again: at RCPT and after DATA.</summary>
    public void Accept(string address)
    {
        _rejections.TryRemove(address, out _);
        _messageRejections.TryRemove(address, out _);
    }

    public IReadOnlyList<ReceivedMessage> To(string address) =>
        [.. _messages.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase))];

    /// <summary>
    /// Waits until at least <paramref name="count"/> messages arrived (mail is sent from other threads in web tests);
    /// throws when they have not within the timeout, so that a test cannot go on as if they had.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(15);
        var deadline = DateTime.UtcNow + wait;
        while (_messages.Count < count)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"expected {count} messages within {wait.TotalSeconds:0} s, the server got {_messages.Count}");
            }

            await Task.Delay(20);
        }

        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await (_accepting ?? Task.CompletedTask);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            lock (_sessions)
            {
                _sessions.Add(Task.Run(() => SessionAsync(client)));
            }
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            Stream stream = client.GetStream();
            var encrypted = false;
            // Latin-1 maps every byte to one char and back, so message bytes (8BITMIME) survive untouched.
            var reader = new StreamReader(stream, Encoding.Latin1);
            var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            var recipients = new List<string>();
            var accepted = 0;
            try
            {
                await ReplyAsync(writer, "220 localhost PaperFeed test SMTP", "");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    _commands.Enqueue(new SmtpCommand(verb == "AUTH" ? $"AUTH {line.Split(' ').ElementAtOrDefault(1)?.ToUpperInvariant()}" : verb, encrypted));
                    switch (verb)
                    {
                        case "EHLO":
                            var tls = StartTlsCertificate is not null && !encrypted ? "250-STARTTLS\r\n" : "";
                            await ReplyAsync(writer, $"250-localhost\r\n250-8BITMIME\r\n{tls}250-AUTH PLAIN LOGIN\r\n250 SIZE 26214400", verb);
                            break;
                        case "HELO":
                            await ReplyAsync(writer, "250 localhost", verb);
                            break;
                        case "STARTTLS" when StartTlsCertificate is not null && !encrypted:
                            await ReplyAsync(writer, "220 2.0.0 Ready to start TLS", verb);
                            var secure = new SslStream(stream, leaveInnerStreamOpen: false);
                            await secure.AuthenticateAsServerAsync(StartTlsCertificate);
                            (stream, encrypted) = (secure, true);
                            reader = new StreamReader(stream, Encoding.Latin1);
                            writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
                            break;
                        case "AUTH":
                            await AuthenticateAsync(line, reader, writer, encrypted);
                            break;
                        case "MAIL":
                            recipients.Clear();
                            await ReplyAsync(writer, SenderReply ?? "250 2.1.0 OK", verb);
                            break;
                        case "RCPT":
                            var address = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.LastIndexOf('>')];
                            if (RecipientFault?.Invoke(Interlocked.Increment(ref _recipientCommands)) is { } fault)
                            {
                                _faults.Enqueue(fault);
                                await ReplyAsync(writer, fault, verb);
                                if (fault.StartsWith("421", StringComparison.Ordinal))
                                {
                                    return; // Service closing the transmission channel.
                                }
                            }
                            else if (_rejections.TryGetValue(address, out var reply))
                            {
                                await ReplyAsync(writer, reply, verb);
                            }
                            else
                            {
                                recipients.Add(address);
                                await ReplyAsync(writer, "250 2.1.5 OK", verb);
                            }

                            break;
                        case "DATA":
                            if (recipients.Count == 0)
                            {
                                await ReplyAsync(writer, "554 5.5.1 No valid recipients", verb);
                                break;
                            }

                            await ReplyAsync(writer, "354 End data with <CR><LF>.<CR><LF>", verb);
                            var cutAfter = DropMidData == Interlocked.Increment(ref _dataCommands) ? 5 : int.MaxValue;
                            var data = new StringBuilder();
                            var lines = 0;
                            while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            {
                                data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                                if (++lines == cutAfter)
                                {
                                    _faults.Enqueue($"connection dropped after {lines} lines of the body to {string.Join(", ", recipients)}");
                                    return; // Gone mid-message, as a crashing server would: nothing kept.
                                }
                            }

                            if (recipients.Select(r => _messageRejections.GetValueOrDefault(r)).FirstOrDefault(r => r is not null) is { } refusal)
                            {
                                await ReplyAsync(writer, refusal, ".");
                                break;
                            }

                            using (var content = new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())))
                            {
                                _messages.Enqueue(new ReceivedMessage([.. recipients], await MimeMessage.LoadAsync(content)));
                            }

                            if (DropBeforeAnswering == accepted + 1)
                            {
                                return; // Kept it, but the client never hears so.
                            }

                            await ReplyAsync(writer, "250 2.0.0 Queued", ".");
                            accepted++;
                            if (DropConnectionAfter is { } limit && accepted >= limit)
                            {
                                return; // Drop the connection without a word, as a crashing server would.
                            }

                            break;
                        case "RSET":
                        case "NOOP":
                            await ReplyAsync(writer, "250 2.0.0 OK", verb);
                            break;
                        case "QUIT":
                            await ReplyAsync(writer, "221 2.0.0 Bye", verb);
                            return;
                        default:
                            await ReplyAsync(writer, "502 5.5.2 Command not recognized", verb);
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // The client went away (or refused our certificate), or the server is stopping.
            }
            finally
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task ReplyAsync(StreamWriter writer, string reply, string verb)
    {
        if (ReplyDelay?.Invoke(verb) is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _stop.Token);
        }

        await writer.WriteLineAsync(reply);
    }

    /// <summary>AUTH PLAIN (with or without the initial response) and AUTH LOGIN; every credential is taken.</summary>
    private async Task AuthenticateAsync(string line, StreamReader reader, StreamWriter writer, bool encrypted)
    {
        var parts = line.Split(' ');
        string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        async Task<string> AskAsync(string prompt)
        {
            await writer.WriteLineAsync("334 " + prompt);
            return await reader.ReadLineAsync(_stop.Token) ?? "";
        }

        if (parts.Length < 2)
        {
            await writer.WriteLineAsync("501 5.5.4 Syntax: AUTH mechanism");
            return;
        }

        if (parts[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            var fields = Decode(parts.Length > 2 ? parts[2] : await AskAsync("")).Split('\0');
            _credentials.Enqueue((fields[1], fields[2], encrypted));
        }
        else
        {
            var user = Decode(await AskAsync(Convert.ToBase64String("Username:"u8)));
            var password = Decode(await AskAsync(Convert.ToBase64String("Password:"u8)));
            _credentials.Enqueue((user, password, encrypted));
        }

        await writer.WriteLineAsync("235 2.7.0 Authentication successful");
    }
}

/// <summary>A command the test server received (its verb) and whether it came over TLS.</summary>
public sealed record SmtpCommand(string Verb, bool Encrypted);

/// <summary>A message the test server accepted, with its envelope recipients.</summary>
public sealed record ReceivedMessage(IReadOnlyList<string> Recipients, MimeMessage Message);
