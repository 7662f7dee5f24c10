using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>The app started as an operator starts it: <c>dotnet ShopWeb.dll</c> in a process of its own.</summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? address;

    private AppProcess(Process process) => this.process = process;

    public string Output { get { lock (output) { return output.ToString(); } } }

    public string Errors { get { lock (errors) { return errors.ToString(); } } }

    public static AppProcess Start(string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment.Remove("ASPNETCORE_URLS");

        // Required outside Development; an empty value in environment leaves a variable out.
        info.Environment["Shop__PublicUrl"] = "http://shop.test/";
        foreach (var (key, value) in environment)
        {
            if (value.Length == 0)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var app = new AppProcess(new Process { StartInfo = info });
        app.process.OutputDataReceived += (_, e) => app.OnOutput(e.Data);
        app.process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (app.errors) { app.errors.AppendLine(e.Data); } } };
        app.process.Start();
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        return app;
    }

    /// <summary>
    /// The shop outside Development on a store of its own in <paramref name="folder"/> (database, mail, uploads),
    /// listening on <paramref name="port"/>, with the admin <see cref="ShopFactory"/> uses.
    /// </summary>
    public static AppProcess StartShop(string dll, string folder, int port) =>
        Start(dll, folder, ShopEnvironment(folder, port), "--urls", $"http://127.0.0.1:{port}");

    /// <summary>
    /// The settings of <see cref="StartShop"/>, for the <c>backup</c> and <c>restore</c> commands as well. The store is
    /// the folder's <see cref="TestStore"/>: its shop.db, or its PostgreSQL database when the suite runs on PostgreSQL.
    /// </summary>
    public static Dictionary<string, string> ShopEnvironment(string folder, int port) => new(TestStore.For(folder).Environment)
    {
        ["Email__PickupDirectory"] = Path.Combine(folder, "mail"),
        ["Uploads__Path"] = Path.Combine(folder, "uploads"),
        ["Admin__Email"] = ShopFactory.AdminEmail,
        ["Admin__Password"] = ShopFactory.AdminPassword,
        ["Admin__RequireTwoFactor"] = "false",
        ["Shop__PublicUrl"] = $"http://127.0.0.1:{port}/",

        // Every client of these tests comes from 127.0.0.1, and GuestShoppers alone sends more than one address may.
        ["RateLimits__RequestsPerMinute"] = "1000000",
        // GuestShoppers start cart after cart from 127.0.0.1: the limit on new guest carts per address is CartLimitsTests'.
        ["Carts__NewGuestCartsPerHour"] = "1000000",
    };

    /// <summary>A command of the built app (<c>backup</c>, <c>catalog import</c>, <c>help</c>…) with <see cref="ShopEnvironment"/>, run to its exit.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunCommandAsync(string folder, int port, params string[] args)
    {
        await using var command = Start(RepoPaths.BuiltAppDll, folder, ShopEnvironment(folder, port), args);
        var exitCode = await command.WaitForExitAsync();
        return (exitCode, command.Output, command.Errors);
    }

    /// <summary>A port nothing listens on now: Shop:PublicUrl names it before the shop starts, and a restart takes it again.</summary>
    public static int FreePort() => LoopbackPort.Free();

    /// <summary>
    /// The address Kestrel reports (start it with <c>--urls http://127.0.0.1:0</c>), once the shop has started: Kestrel
    /// listens while the store is being seeded, and "Application started" is logged once it is (StoreReadiness).
    /// </summary>
    public async Task<Uri> WaitUntilListeningAsync()
    {
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(120))); // generous: a busy machine starts slowly
        return first == listening.Task
            ? await listening.Task
            : throw new InvalidOperationException($"The app did not start listening.\nstdout:\n{Output}\nstderr:\n{Errors}");
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>SIGTERM, as a service manager stops the shop: it finishes what it is doing and exits; its exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync();
    }

    /// <summary>SIGKILL on Unix: no shutdown, nothing flushed, as a power cut looks to the app.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            address ??= new Uri(match.Groups[1].Value);
        }
        else if (line.Contains("Application started.", StringComparison.Ordinal) && address is not null)
        {
            listening.TrySetResult(address);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
