using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// A minimal SMTP server on 127.0.0.1 that accepts every message and keeps it: this machine has no mail server,
/// so this stands in for one. The shop talks real SMTP to it through MailKit. It can be slow to answer, as a
/// loaded mail server is, and refuse recipients for good (550), as a server refuses an unknown mailbox.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task serving;
    private readonly List<MimeMessage> messages = [];
    private readonly TimeSpan delay;

    /// <param name="port">A port to listen on (0: any free one).</param>
    /// <param name="delay">How long the server waits before it greets each connection.</param>
    public SmtpSink(int port = 0, TimeSpan delay = default)
    {
        this.delay = delay;
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        serving = ServeAsync();
    }

    /// <summary>Recipients refused with a permanent 550, while this is set.</summary>
    public Func<string, bool> Refuses { get; set; } = _ => false;

    /// <summary>Waits (at most ten seconds) until at least <paramref name="count"/> messages arrived.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Messages.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Messages;
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public IReadOnlyList<MimeMessage> Messages { get { lock (messages) { return [.. messages]; } } }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await serving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(stopping.Token);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await Task.Delay(delay, stopping.Token);
            await writer.WriteLineAsync("220 sink ESMTP ready");
            while (await reader.ReadLineAsync(stopping.Token) is { } command)
            {
                var verb = command.Split(' ')[0].ToUpperInvariant();

                switch (verb)
                {
                    case "RCPT" when Refuses(command):
                        await writer.WriteLineAsync("550 5.1.1 no such mailbox here");
                        break;
                    case "EHLO":
                        await writer.WriteLineAsync("250-sink");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                        await ReceiveAsync(reader);
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        break;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }

                if (verb == "QUIT")
                {
                    break;
                }
            }
        }
    }

    private async Task ReceiveAsync(StreamReader reader)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(stopping.Token) is { } line && line != ".")
        {
            data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
        }

        var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.ASCII.GetBytes(data.ToString())));
        lock (messages)
        {
            messages.Add(message);
        }
    }
}
