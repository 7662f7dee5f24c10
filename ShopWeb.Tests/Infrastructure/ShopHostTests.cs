using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShopWeb.Infrastructure;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>What the shop logs outside Development wherever it is started from, its appsettings.json read or not.</summary>
public sealed class ShopHostTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("shopweb-logs-");

    [Fact]
    public async Task A_content_root_without_the_apps_settings_still_logs_quietly_and_never_a_requests_address()
    {
        // An operator's own folder as the content root: the app's appsettings.json is not read there. It logged every
        // request at Information, the whole address with it (a reset link's token), and every SQL statement.
        var root = folder.CreateSubdirectory("content");
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, AppProcess.ShopEnvironment(folder.FullName, 0),
            "--urls", "http://127.0.0.1:0", "--contentRoot", root.FullName);
        using var client = new HttpClient { BaseAddress = await app.WaitUntilListeningAsync() };

        Assert.True((await client.GetAsync("/account/reset-password?code=SECRET-RESET-CODE&email=victim%40example.com")).IsSuccessStatusCode);
        Assert.True((await client.GetAsync("/products?q=tea")).IsSuccessStatusCode);
        Assert.Equal(0, await app.StopAsync());

        Assert.Contains("Application started", app.Output); // the host's own lines stay, as appsettings.json had them
        Assert.DoesNotContain("SECRET-RESET-CODE", app.Output);
        Assert.DoesNotContain("victim", app.Output);
        Assert.DoesNotContain("info: Microsoft.AspNetCore", app.Output);
        Assert.DoesNotContain("info: Microsoft.EntityFrameworkCore", app.Output);
    }

    [Fact]
    public void Raising_the_default_log_level_does_not_log_the_requests_or_the_sign_in_parameters_unless_named()
    {
        using var raised = ShopHost.CreateBuilder(["--Logging:LogLevel:Default=Information"]).Build();
        var loggers = raised.Services.GetRequiredService<ILoggerFactory>();
        Assert.True(loggers.CreateLogger("ShopWeb.Orders").IsEnabled(LogLevel.Information));
        // A token request's code_verifier, a reset link's token in an address: never at the Default level alone.
        Assert.False(loggers.CreateLogger("OpenIddict.Server.OpenIddictServerDispatcher").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));

        using var named = ShopHost.CreateBuilder(["--Logging:LogLevel:OpenIddict=Information"]).Build();
        Assert.True(named.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenIddict.Server.OpenIddictServerDispatcher").IsEnabled(LogLevel.Information));
    }

    public void Dispose() => TestStore.Delete(folder.FullName);
}
