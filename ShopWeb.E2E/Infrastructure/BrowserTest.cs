using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.E2E.Infrastructure;

/// <summary>
/// Base of every E2E test: a fresh browser context per journey, and when the journey fails, a Playwright trace (each
/// action with the page's DOM as it was; no screencast, which cost a sixth of the suite's time) and a screenshot under <c>TestResults/e2e/&lt;test&gt;/</c> (open the trace with <c>playwright show-trace</c>).
/// </summary>
[Collection(ShopCollection.Name)]
public abstract class BrowserTest(ShopFixture shop)
{
    protected ShopFixture Shop { get; } = shop;

    /// <param name="javaScriptEnabled">False for a journey that must work with JavaScript off.</param>
    protected async Task InBrowserAsync(Func<IPage, Task> journey, bool javaScriptEnabled = true, [CallerMemberName] string testName = "")
    {
        await using var context = await Shop.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Shop.Site.Address.ToString(),
            Locale = "en-GB",
            JavaScriptEnabled = javaScriptEnabled,
        });
        await RecordAsync(context, journey, testName);
    }

    /// <summary>Runs a journey in <paramref name="context"/>, keeping a trace and a screenshot if it fails.</summary>
    protected async Task RecordAsync(IBrowserContext context, Func<IPage, Task> journey, string testName)
    {
        await context.Tracing.StartAsync(new TracingStartOptions { Screenshots = false, Snapshots = true, Title = testName });
        var page = context.Pages.FirstOrDefault() ?? await context.NewPageAsync();
        try
        {
            await journey(page);
            await context.Tracing.StopAsync();
        }
        catch
        {
            var folder = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "TestResults", "e2e", $"{GetType().Name}.{testName}")).FullName;
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "failure.png"), FullPage = true });
            await context.Tracing.StopAsync(new TracingStopOptions { Path = Path.Combine(folder, "trace.zip") });
            throw;
        }
    }
}
