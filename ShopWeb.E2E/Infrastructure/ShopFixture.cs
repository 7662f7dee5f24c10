using Microsoft.Playwright;

namespace ShopWeb.E2E.Infrastructure;

/// <summary>One running shop and one Chromium for the whole E2E run; each test opens its own browser context.</summary>
public sealed class ShopFixture : IAsyncLifetime
{
    /// <summary>Points the tests at a Chromium other than Debian's.</summary>
    public const string ChromiumVariable = "SHOPWEB_CHROMIUM";

    // Chromium's background services reach for Google's hosts; on a closed network they only add noise and delay.
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? playwright;

    private string executable = "/usr/bin/chromium";

    /// <summary>One SQLite instance, or the farm when <see cref="FarmSite.Switch"/> is 1.</summary>
    public IShopSite Site { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (FarmSite.Chosen)
        {
            Site = FarmSite.Start();
        }
        else
        {
            var server = new ShopServer();
            server.Start();
            Site = server;
        }

        executable = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } chosen ? chosen : executable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {executable}. Install Debian's 'chromium' package or set {ChromiumVariable} to a Chromium binary.");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    /// <summary>
    /// A shop for a journey that restarts it: a server of its own on <paramref name="folder"/>, or on the farm the
    /// farm itself (whose restart restarts its instances).
    /// </summary>
    public IShopSite StartShopOn(string folder)
    {
        if (Site is FarmSite farm)
        {
            return farm.Borrowed();
        }

        var server = new ShopServer(folder);
        server.Start();
        return server;
    }

    /// <summary>
    /// A Chromium of its own that keeps its profile in <paramref name="profileFolder"/>: closing it and launching
    /// again on the same folder is a real browser restart, which keeps persistent cookies and drops session ones.
    /// </summary>
    public Task<IBrowserContext> LaunchBrowserWithProfileAsync(string profileFolder, Uri baseAddress) =>
        playwright!.Chromium.LaunchPersistentContextAsync(profileFolder, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumFlags,
            BaseURL = baseAddress.ToString(),
            Locale = "en-GB",
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        Site?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopFixture>
{
    public const string Name = "Shop in Chromium";
}
