using System.Diagnostics;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// The shop as deploy/farm.sh runs it: two published instances on a throwaway PostgreSQL and a real Redis, behind
/// nginx. Started once for a test class (or the E2E run), stopped (and its folder removed) afterwards. Only with
/// SHOPWEB_TEST_FARM=1 (test.sh sets it), since it publishes the shop and needs postgresql, redis-server and nginx.
/// </summary>
public class Farm : IDisposable
{
    public const string Switch = "SHOPWEB_TEST_FARM";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "shopweb-farm-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly IReadOnlyDictionary<string, string> settings;

    /// <param name="settings">Environment variables every instance gets (Admin__Email and the like).</param>
    public Farm(IReadOnlyDictionary<string, string> settings)
    {
        this.settings = settings;
        if (!Enabled)
        {
            Url = new Uri("http://farm.invalid/");
            Instances = [];
            Database = MailFolder = Prometheus = "";
            return; // every test of the class is skipped
        }

        var (output, exit) = Run("up");
        if (exit != 0)
        {
            Run("down");
            throw new InvalidOperationException($"deploy/farm.sh up failed:\n{output}");
        }

        var values = output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains('=')).Select(l => (Key: l[..l.IndexOf('=')], Value: l[(l.IndexOf('=') + 1)..])).ToList();
        Url = new Uri(values.Single(v => v.Key == "url").Value + "/");
        Instances = [.. values.Where(v => v.Key == "instance").Select(v => new Uri(v.Value + "/"))];
        Database = values.Single(v => v.Key == "database").Value;
        MailFolder = values.Single(v => v.Key == "mail").Value;
        Prometheus = values.Single(v => v.Key == "prometheus").Value;
        StartLog = string.Concat(Directory.EnumerateFiles(Path.Combine(folder, "logs"), "instance-*.log").Order(StringComparer.Ordinal).Select(File.ReadAllText));
    }

    /// <summary>What the instances logged while farm.sh up started them, together, on an empty database.</summary>
    public string StartLog { get; } = "";

    public static bool Enabled => Environment.GetEnvironmentVariable(Switch) == "1";

    /// <summary>nginx, in front of every instance.</summary>
    public Uri Url { get; }

    /// <summary>Each instance's own address, behind nginx's back.</summary>
    public IReadOnlyList<Uri> Instances { get; }

    /// <summary>The Npgsql connection string of the farm's database.</summary>
    public string Database { get; }

    public string MailFolder { get; }

    /// <summary>The address of the Prometheus that scrapes every instance (its HTTP API under /api/v1).</summary>
    public string Prometheus { get; }

    /// <summary>Stops every instance and starts it again on the same data, as a redeploy does (deploy/farm.sh restart).</summary>
    /// <param name="fromAnotherShell">Run with none of the settings the farm was brought up with, as from an operator's new shell.</param>
    public void Restart(bool fromAnotherShell = false)
    {
        var (output, exit) = Run("restart", withSettings: !fromAnotherShell);
        if (exit != 0)
        {
            throw new InvalidOperationException($"deploy/farm.sh restart failed:\n{output}");
        }
    }

    /// <summary>deploy/farm.sh status: what it says, and its exit code (0 when everything runs and every instance is ready).</summary>
    public (string Output, int Exit) Status() => Run("status");

    /// <summary>
    /// What the instances logged as warnings and errors so far (each entry's first two lines), then nginx's errors other
    /// than a refused connection (which it retries on the next instance), for a test's failure message: farm.sh down
    /// removes the logs with the farm's folder, and a 5xx is explained only there (a 502 is nginx's own).
    /// </summary>
    public string LoggedProblems()
    {
        var logs = Path.Combine(folder, "logs");
        var said = Directory.Exists(logs)
            ? Directory.EnumerateFiles(logs, "instance-*.log").Order(StringComparer.Ordinal).SelectMany(file =>
            {
                var lines = File.ReadAllLines(file);
                return lines.Select((line, i) => (line, i))
                    .Where(l => l.line.StartsWith("warn:", StringComparison.Ordinal) || l.line.StartsWith("fail:", StringComparison.Ordinal) || l.line.StartsWith("crit:", StringComparison.Ordinal))
                    .Select(l => $"{Path.GetFileNameWithoutExtension(file)}: {l.line} {(l.i + 1 < lines.Length ? lines[l.i + 1].Trim() : "")}");
            }).TakeLast(40).ToList()
            : [];
        var nginx = Path.Combine(folder, "nginx", "error.log");
        if (File.Exists(nginx))
        {
            said.AddRange(File.ReadAllLines(nginx).Where(l => l.Contains("[error]", StringComparison.Ordinal) && !l.Contains("(111: Connection refused)", StringComparison.Ordinal))
                .TakeLast(20).Select(l => "nginx: " + l));
        }

        return said.Count == 0 ? "(nothing)" : string.Join('\n', said);
    }

    public void Dispose()
    {
        if (Enabled)
        {
            Run("down");
        }

        GC.SuppressFinalize(this);
    }

    private (string Output, int Exit) Run(string verb, bool withSettings = true)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "deploy", "farm.sh"), verb)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["FARM_DIR"] = folder, ["FARM_INSTANCES"] = "2" },
        };
        if (withSettings)
        {
            // Every test client reaches the instances from nginx's 127.0.0.1: the per-address limit would count them all as one.
            start.Environment["RateLimits__RequestsPerMinute"] = "1000000";
            start.Environment["Carts__NewGuestCartsPerHour"] = "1000000";
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }
        }

        if (Environment.GetEnvironmentVariable("SHOPWEB_FARM_APP") is { Length: > 0 } app)
        {
            start.Environment["FARM_APP"] = app; // an already published shop, to save a publish
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (stdout + stderr.Result, process.ExitCode);
    }
}

/// <summary>A test of the farm: skipped, with the reason, unless SHOPWEB_TEST_FARM=1.</summary>
public sealed class FarmFactAttribute : FactAttribute
{
    public FarmFactAttribute()
    {
        if (!Farm.Enabled)
        {
            Skip = $"needs the farm: set {Farm.Switch}=1 (./test.sh does)";
        }
    }
}
