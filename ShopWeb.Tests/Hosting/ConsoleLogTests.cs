using System.Text.RegularExpressions;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Hosting;

/// <summary>What the real process writes to its console, as an operator reads it.</summary>
public sealed partial class ConsoleLogTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-console-").FullName;

    [Fact]
    public async Task A_warning_carries_the_requests_trace_id_and_no_query_string()
    {
        await using var app = AppProcess.StartShop(RepoPaths.BuiltAppDll, folder, AppProcess.FreePort());
        var shop = await app.WaitUntilListeningAsync();
        using var client = new HttpClient { BaseAddress = shop };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/cart/add?token=secret-token") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("Origin", "http://evil.example");

        using var refused = await client.SendAsync(request);

        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(app.Output.Contains("Refused a cross-site POST", StringComparison.Ordinal))), "the warning");
        // The simple formatter: "warn: Category[id]", then the scope line, then the message.
        var warning = app.Output[app.Output.IndexOf("warn: ShopWeb.Infrastructure.SameOriginPostFilter", StringComparison.Ordinal)..];
        Assert.Matches(TraceId(), string.Join('\n', warning.Split('\n').Take(3)));
        Assert.DoesNotContain("secret-token", app.Output, StringComparison.Ordinal);
    }

    public void Dispose() => TestStore.Delete(folder);

    [GeneratedRegex(@"=> SpanId:[0-9a-f]{16}, TraceId:[0-9a-f]{32}")]
    private static partial Regex TraceId();
}
