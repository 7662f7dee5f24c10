using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.E2E.Infrastructure.Telemetry;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.E2E.Infrastructure;

/// <summary>
/// The real app on real Kestrel, listening over TCP on 127.0.0.1 at a port the OS picks, with its own SQLite
/// file and mail folder given through the same configuration keys an operator uses.
/// </summary>
public sealed class ShopServer : WebApplicationFactory<Program>, IShopSite
{
    private bool ownsFolder;

    /// <param name="folder">The store and mail folder of an earlier server, to restart the shop on the same data.</param>
    /// <param name="settings">Settings over the usual ones (another payment provider).</param>
    public ShopServer(string? folder = null, IReadOnlyDictionary<string, string?>? settings = null)
        : this(folder, ownsFolder: folder is null, settings ?? new Dictionary<string, string?>())
    {
    }

    private ShopServer(string? folder, bool ownsFolder, IReadOnlyDictionary<string, string?> settings)
    {
        this.ownsFolder = ownsFolder;
        this.settings = settings;
        Folder = folder ?? Directory.CreateTempSubdirectory("shopweb-e2e-").FullName;

        // The port is chosen before start, because Shop:PublicUrl (the base of emailed links) must name it.
        port = LoopbackPort.Free();
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }

    private readonly int port;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private bool running;

    public const string AdminEmail = "admin@shop.test";
    public const string AdminPassword = "the admin's own passphrase";

    public string Folder { get; }

    public string MailFolder => Path.Combine(Folder, "mail");

    public Uri Address { get; private set; } = null!;

    public void Start()
    {
        RunTelemetry.ShopStarting();
        running = true;
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.Single());
    }

    public Mailbox Mail => new(MailFolder, () => new SqliteConnection($"Data Source={Path.Combine(Folder, "shop.db")};Mode=ReadOnly;Pooling=False"));

    public async Task<T> WithStoreAsync<T>(Func<ShopWeb.Data.ShopDbContext, Task<T>> work)
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ShopWeb.Data.ShopDbContext>()
            .UseSqlite($"Data Source={Path.Combine(Folder, "shop.db")};Pooling=False;Default Timeout=30").Options;
        await using var db = new ShopWeb.Data.ShopDbContext(options);
        return await work(db);
    }

    /// <summary>This server stopped, and a new one started on its folder (which it then owns, if this one did).</summary>
    public IShopSite Restarted()
    {
        var next = new ShopServer(Folder, ownsFolder, settings);
        ownsFolder = false;
        Dispose();
        next.Start();
        return next;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Every shop of the run exports to the run's one receiver, which ExportedTelemetryTests reads at the end. As
        // host settings: Program decides whether to export while it registers services, before the app configuration
        // below applies.
        foreach (var (key, value) in RunTelemetry.Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Shop"] = $"Data Source={Path.Combine(Folder, "shop.db")}",
            ["Email:PickupDirectory"] = MailFolder,
            ["Admin:Email"] = AdminEmail,
            ["Admin:Password"] = AdminPassword,
            ["Admin:RequireTwoFactor"] = "false",
            ["Uploads:Path"] = Path.Combine(Folder, "uploads"),
            ["Shop:PublicUrl"] = $"http://127.0.0.1:{port}/",

            // Card payments through the built-in Test provider's hosted page (the card journeys).
            ["Payments:Provider"] = "Test",
            ["Payments:AllowTestProvider"] = "true",

            // Every journey's browser comes from 127.0.0.1, one after another: together far more than one shopper.
            ["RateLimits:RequestsPerMinute"] = "1000000",
            ["RateLimits:AccountFormPostsPerMinute"] = "1000000",
        }).AddInMemoryCollection(settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (running)
        {
            running = false;
            RunTelemetry.ShopStopped(); // stopped, so its exporters have sent their last batch
        }

        if (disposing && ownsFolder && Directory.Exists(Folder))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
