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

    public ShopServer Server { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server.Start();
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
        Server.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopFixture>
{
    public const string Name = "Shop in Chromium";
}
