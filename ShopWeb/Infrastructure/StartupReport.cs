using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Data;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Checks what must hold before the shop takes requests. A problem stops start-up with one line per problem on
/// standard error, naming the setting, rather than a stack trace an operator has to read.
/// </summary>
internal static class StartupReport
{
    /// <summary>The host's builder, or none when the content root named (--contentRoot) is no folder: said in one line.</summary>
    public static WebApplicationBuilder? CreateBuilder(string[] args)
    {
        try
        {
            return ShopHost.CreateBuilder(args);
        }
        catch (DirectoryNotFoundException ex)
        {
            Console.Error.WriteLine($"ShopWeb cannot start: the content root is not a folder ({ex.Message.Trim()}).");
            return null;
        }
    }

    /// <summary>
    /// Runs the shop until it is stopped. What stops Kestrel's start (an address in --urls that another process holds,
    /// or one that is no address) is one line, as a wrong setting is, rather than an unhandled exception's stack trace.
    /// </summary>
    /// <returns>False when it could not start.</returns>
    public static async Task<bool> RunAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or ArgumentException or System.Net.Sockets.SocketException)
        {
            // Kestrel's own words ("Invalid url: 'x'", "Cannot assign requested address", a port past 65535) do not say
            // which setting gave the address.
            var urls = app.Configuration["urls"];
            var said = ex.Message.ReplaceLineEndings(" ").Trim();
            Console.Error.WriteLine(string.IsNullOrEmpty(urls)
                ? $"ShopWeb cannot start: {said}"
                : $"ShopWeb cannot start: --urls (or ASPNETCORE_URLS) '{urls}' cannot be listened on ({said.TrimEnd('.')}); give addresses such as http://127.0.0.1:5000, separated by ';'.");
            await app.DisposeAsync();
            return false;
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return true;
    }

    public static bool ConfigurationIsValid(IServiceProvider services)
    {
        var problems = new List<string>();
        Collect<ShopOptions>(services, problems);
        Collect<DatabaseOptions>(services, problems);
        Collect<KeyProtectionOptions>(services, problems);
        Collect<Email.EmailOptions>(services, problems);
        Collect<Identity.AccountOptions>(services, problems);
        Collect<Identity.RateLimitOptions>(services, problems);
        Collect<Catalog.SeedOptions>(services, problems);
        Collect<Ordering.ShippingOptions>(services, problems);
        Collect<Ordering.CartOptions>(services, problems);
        Collect<Ordering.OrderOptions>(services, problems);
        Collect<Admin.AdminOptions>(services, problems);
        Collect<Admin.UploadOptions>(services, problems);
        Collect<Identity.Apps.AppClientOptions>(services, problems);
        Collect<Payments.PaymentOptions>(services, problems);
        Collect<Catalog.PageCacheOptions>(services, problems);
        Collect<Catalog.Seo.SitemapOptions>(services, problems);
        Collect<Api.ApiRateLimitOptions>(services, problems);
        Collect<Scaling.RedisOptions>(services, problems);
        Collect<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(services, problems);
        Collect<Telemetry.MetricsOptions>(services, problems);
        problems.AddRange(TakenListenAddresses(services.GetRequiredService<IConfiguration>()));
        foreach (var problem in problems.Distinct(StringComparer.Ordinal)) // a key two sections read is said once
        {
            Console.Error.WriteLine($"ShopWeb cannot start: {problem}");
        }

        if (problems.Count == 0 && services.GetRequiredService<IOptions<Payments.PaymentOptions>>().Value is { BankTransfer: true, PayToLine: null })
        {
            // Not a reason to refuse the start (a newcomer's shop has it on out of the box), but a gap an operator must hear of.
            services.GetRequiredService<ILoggerFactory>().CreateLogger("ShopWeb.Startup").LogWarning(
                "Payments:BankTransfer is on but Payments:BankTransferTo is not set: bank transfer is not offered until it names the account shoppers pay into");
        }

        return problems.Count == 0;
    }

    /// <summary>
    /// The log levels, checked before the host is built: the logging configuration is read while it is built, and a
    /// level it does not know ("Loud") stops it there with a stack trace instead of a line.
    /// </summary>
    public static bool LogLevelsAreValid(IConfiguration configuration)
    {
        var problems = configuration.GetSection("Logging").AsEnumerable(makePathsRelative: false)
            .Where(setting => setting.Key.Split(':').Contains("LogLevel", StringComparer.OrdinalIgnoreCase)
                && !string.IsNullOrEmpty(setting.Value) && !Enum.TryParse<LogLevel>(setting.Value, ignoreCase: true, out _))
            .Select(setting => $"{setting.Key} '{setting.Value}' is not a log level; use Trace, Debug, Information, Warning, Error, Critical or None.")
            .ToList();
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"ShopWeb cannot start: {problem}");
        }

        return problems.Count == 0;
    }

    /// <summary>
    /// Prepares the store (<see cref="StorePreparedAsync"/>), then fills it (<see cref="InitialiseStoreAsync"/>), on a
    /// thread of its own. Start-up is otherwise one thread's work, and this, its longest part, needs nothing of the
    /// pipeline and the endpoints, which the caller builds meanwhile on the other core; the host starts once the store
    /// is prepared, while it is filled (<see cref="StoreReadiness"/>; README "Start-up and memory").
    /// </summary>
    /// <returns>Whether the store is prepared, and then whether it is also seeded (false: the shop cannot start).</returns>
    public static (Task<bool> Prepared, Task<bool> Ready) StartStore(WebApplication app)
    {
        var prepared = Task.Run(() => StorePreparedAsync(app));
        var ready = Task.Run(async () => await prepared && await InitialiseStoreAsync(app));
        app.Services.GetRequiredService<StoreReadiness>().Track(ready);
        return (prepared, ready);
    }

    private static async Task<bool> StorePreparedAsync(WebApplication app)
    {
        var store = app.Services.GetRequiredService<ShopStore>();
        try
        {
            await store.PrepareAsync(app.Services);
            return true;
        }
        catch (Exception ex) when (StoreFailure(ex) is not null || ex is IOException or UnauthorizedAccessException or TimeoutException)
        {
            Console.Error.WriteLine($"ShopWeb cannot start: the store at '{store.DataSource}' cannot be opened ({(StoreFailure(ex) ?? ex).Message.ReplaceLineEndings(" ").Trim()}).");
            return false;
        }
    }

    /// <summary>
    /// Fills a fresh store with what a newcomer needs (the demo catalog, an admin). A store without its schema
    /// (migrations left to the operator) or one that cannot be read is left alone: the shop still starts, and
    /// /health/ready says what is wrong.
    /// </summary>
    private static async Task<bool> InitialiseStoreAsync(WebApplication app)
    {
        try
        {
            // A store prepared with its migrations applied is up to date; one whose migrations are left to the operator
            // may not be, and is asked.
            if (!app.Services.GetRequiredService<ShopStore>().MigratesOnStartup)
            {
                await using var scope = app.Services.CreateAsyncScope();
                if (await ShopStore.HasPendingMigrationsAsync(scope.ServiceProvider.GetRequiredService<ShopDbContext>()))
                {
                    app.Logger.LogWarning("The store has migrations that are not applied; nothing was seeded");
                    return true;
                }
            }

            await Catalog.DemoCatalog.SeedIfEmptyAsync(app.Services);
            await Admin.AdminBootstrap.EnsureAdminAsync(app.Services);
            return true;
        }
        catch (Exception ex) when (StoreFailure(ex) is not null)
        {
            app.Logger.LogWarning(ex, "The store cannot be read; nothing was seeded");
            return true;
        }
        catch (InvalidOperationException ex)
        {
            // A configured admin that cannot be set up (a password the policy refuses, say) is a configuration error.
            Console.Error.WriteLine($"ShopWeb cannot start: {ex.Message}");
            return false;
        }
    }

    /// <summary>The store's own error, also when EF wrapped it (as it does a server that does not answer).</summary>
    private static DbException? StoreFailure(Exception ex) => ex as DbException ?? ex.InnerException as DbException;

    private static void Collect<TOptions>(IServiceProvider services, List<string> problems)
        where TOptions : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<TOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex)
        {
            // Binding failures (say "maybe" for a boolean) name the key and the value in their message; for a choice
            // among names it names a type of the shop's instead of the choices, which are said here.
            problems.Add(ChoiceMessage(ex.Message) ?? ex.Message);
        }
    }

    /// <summary>
    /// The addresses in --urls (or ASPNETCORE_URLS) that another program already listens on, found before the store
    /// is touched. Kestrel finds them only when the host starts, after the store was migrated and seeded (a new store
    /// would be left behind, an admin's password file with it), and the host's log then holds its stack trace.
    /// Anything else wrong with an address (no address, a port past 65535, an address not this machine's) is left to
    /// Kestrel's start (<see cref="RunAsync"/>).
    /// </summary>
    private static IEnumerable<string> TakenListenAddresses(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                continue;
            }

            if (address.IsUnixPipe || address.IsNamedPipe || address.Port is < 1 or > 65535)
            {
                continue; // port 0 is any free port; the others Kestrel refuses in its own words
            }

            // As Kestrel binds: localhost on the loopback address, an IP address as given, any other name on every address.
            var host = address.Host.Trim('[', ']');
            var ip = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : IPAddress.TryParse(host, out var given) ? given : IPAddress.Any;
            string? taken = null;
            try
            {
                using var probe = new System.Net.Sockets.Socket(ip.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(ip, address.Port));
                probe.Listen();
            }
            catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
            {
                taken = $"--urls (or ASPNETCORE_URLS) '{url}': port {address.Port} is already in use on this machine; stop what listens there or choose another port.";
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Not this machine's address, say: Kestrel's start says so.
            }

            if (taken is not null)
            {
                yield return taken;
            }
        }
    }

    private static string? ChoiceMessage(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'");
        if (!match.Success)
        {
            return null;
        }

        var said = $"{match.Groups["key"].Value} '{match.Groups["value"].Value}'";
        return match.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" => $"{said} is not a whole number.",
            "System.Decimal" or "System.Double" => $"{said} is not a number (with a point for decimals, such as 4.90).",
            "System.Boolean" => $"{said} is not true or false.",
            "System.TimeSpan" => $"{said} is not a length of time, such as 00:05:00 for five minutes.",
            var type when typeof(StartupReport).Assembly.GetType(type) is { IsEnum: true } choices => $"{said} is not one of {string.Join(", ", Enum.GetNames(choices))}.",
            _ => null,
        };
    }
}
