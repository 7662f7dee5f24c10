using System.Diagnostics;
using System.Net.Sockets;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// A real Redis (Debian's redis-server) on a free port of 127.0.0.1, in a folder of its own, with nothing saved to
/// disk; stopped and removed on dispose. test.sh installs the package when it is missing.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process process;
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-redis-").FullName;

    /// <param name="port">A port given beforehand (a shop already pointed at it), or a free one.</param>
    public RedisServer(int? port = null)
    {
        var binary = Environment.GetEnvironmentVariable("SHOPWEB_REDIS_SERVER") ?? "/usr/bin/redis-server";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing: install Debian's redis-server package (./test.sh does when run as root).");
        }

        Port = port ?? AppProcess.FreePort();
        process = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", folder, "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Answers())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port}.");
            }

            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    /// <summary>Stops the server without closing its connections (SIGSTOP), as a hung Redis or a dropped link looks.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused server answer again (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>The StackExchange.Redis connection string, as an operator sets <c>Redis:Configuration</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            return stream.Read(buffer) > 0 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
