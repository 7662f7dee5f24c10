using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ShopWeb.Data;
using ShopWeb.Data.Postgres;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// The real app in memory, on a store of its own (a SQLite file, or a fresh PostgreSQL database when the suite runs on
/// PostgreSQL: see <see cref="TestStore"/>) and a mail folder in a temp folder, all gone afterwards. Used as a class
/// fixture, it gives each test class a store of its own.
/// </summary>
public class ShopFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly bool ownsFolder;
    private readonly Action<IServiceCollection>? extraServices;
    private static int browsers;

    public ShopFactory()
        : this(settings: null)
    {
    }

    /// <param name="settings">Configuration keys that override the defaults, as an operator would set them.</param>
    /// <param name="folder">An existing folder to reuse, for tests that restart the shop on the same store.</param>
    /// <param name="services">Test-only services, such as a command counter.</param>
    internal ShopFactory(IReadOnlyDictionary<string, string?>? settings, string? folder = null, Action<IServiceCollection>? services = null)
    {
        extraServices = services;
        ownsFolder = folder is null;
        Folder = folder ?? Directory.CreateTempSubdirectory("shopweb-tests-").FullName;
        if (settings is null && folder is null && services is null)
        {
            StoreTemplate.CopyTo(Folder); // a default shop starts on a copy of one that has had its first start
        }

        Store = TestStore.For(Folder);
        this.settings = new Dictionary<string, string?>(Store.Settings)
        {
            ["Email:PickupDirectory"] = MailFolder,
            ["Admin:Email"] = AdminEmail,
            ["Admin:Password"] = AdminPassword,

            // The general suite signs the admin in with a password only; AdminTwoFactorTests cover the default (true).
            ["Admin:RequireTwoFactor"] = "false",
            ["Uploads:Path"] = Path.Combine(Folder, "uploads"),
            ["Shop:PublicUrl"] = PublicUrl,
            ["Payments:BankTransferTo"] = BankTransferTo, // bank transfer is offered only with an account to pay into

            // Every test shop knows one app, so any test can sign a shopper in to the API (AppSignIn).
            ["Api:Clients:0:ClientId"] = AppSignIn.ClientId,
            ["Api:Clients:0:DisplayName"] = AppSignIn.AppName,
            ["Api:Clients:0:RedirectUris:0"] = AppSignIn.RedirectUri,
        };
        // A null value leaves a key out, so the shop's own default applies (Admin:RequireTwoFactor in AdminTwoFactorTests).
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                this.settings.Remove(key);
            }
            else
            {
                this.settings[key] = value;
            }
        }
    }

    public const string AdminEmail = "admin@shop.test";
    public const string AdminPassword = "the admin's own passphrase";

    /// <summary>The shop's account for bank transfers (Payments:BankTransferTo), without which they are not offered.</summary>
    public const string BankTransferTo = "ShopWeb Test Ltd, IBAN GB33 BUKB 2020 1555 5555 55";

    /// <summary>The shop's public URL in tests: the address test browsers use, and the base of every emailed link.</summary>
    public const string PublicUrl = "http://localhost/";

    public string Folder { get; }

    /// <summary>The shop's SQLite file, for the tests about SQLite itself.</summary>
    public string DatabasePath => Path.Combine(Folder, "shop.db");

    /// <summary>The shop's store (SQLite, or PostgreSQL when the suite runs on it), for reading it from outside.</summary>
    public TestStore Store { get; }

    public string MailFolder => Path.Combine(Folder, "mail");

    public Mailbox Mail => new(MailFolder, Store);

    /// <summary>The shop's <see cref="TimeProvider"/>: tests move it on instead of sleeping.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>
    /// A browser-like client: keeps cookies, follows redirects unless told not to, and comes from a client address
    /// of its own (as seen through the trusted local proxy), so rate limits count each browser separately.
    /// </summary>
    public ShopBrowser CreateBrowser(bool followRedirects = true, string baseAddress = "http://localhost/")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, BaseAddress = new Uri(baseAddress) });
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{Interlocked.Increment(ref browsers) % 250 + 1}");
        return new ShopBrowser(client);
    }

    /// <summary>Runs <paramref name="work"/> against the shop's own DbContext, for arranging and checking data.</summary>
    public async Task<T> WithDbAsync<T>(Func<ShopDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ShopDbContext>());
    }

    /// <summary>Adds an EF interceptor to the shop's context, whichever provider's context ShopDbContext resolves to.</summary>
    internal static void AddStoreInterceptor(IServiceCollection services, IInterceptor interceptor)
    {
        services.ConfigureDbContext<ShopDbContext>(options => options.AddInterceptors(interceptor));
        services.ConfigureDbContext<PostgresShopDbContext>(options => options.AddInterceptors(interceptor));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Tests see what shoppers see: friendly error pages, not the developer exception page.
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));

        // Also as host settings, which Program already sees while it registers services (Database:Provider and
        // Redis:Configuration decide which stores are registered); the app configuration above is applied at Build.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, ProbeEndpoints>();
            services.Configure<MvcOptions>(options => options.Filters.Add(new ProbeEndpoints()));
            extraServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsFolder)
        {
            TestStore.Delete(Folder);
        }
    }
}
