using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity.Apps;

/// <summary>A wrong Api:Clients entry stops the real app process with one line naming it, as every other setting does.</summary>
public sealed class AppClientsConfigurationTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("shopweb-apps-config-");

    [Theory]
    [InlineData("/signed-in", "Api:Clients:0:RedirectUris:0 must be an absolute address without a fragment ('/signed-in')")]
    [InlineData("com.example.app:/signed-in#here", "Api:Clients:0:RedirectUris:0 must be an absolute address without a fragment")]
    [InlineData("http://app.example/signed-in", "Api:Clients:0:RedirectUris:0 uses plain http to another machine")]
    public async Task A_wrong_redirect_address_stops_start_up_with_one_line_naming_it(string redirectUri, string expected)
    {
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
            ["Api__Clients__0__ClientId"] = "example-app",
            ["Api__Clients__0__DisplayName"] = "Example",
            ["Api__Clients__0__RedirectUris__0"] = redirectUri,
        }, "--urls", "http://127.0.0.1:0");

        var exitCode = await app.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(app.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ShopWeb cannot start: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", app.Output + app.Errors);
    }

    [Fact]
    public async Task An_app_without_a_name_or_an_address_stops_start_up_naming_both()
    {
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>
        {
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(folder.FullName, "shop.db")}",
            ["Api__Clients__0__ClientId"] = "example-app",
        }, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, await app.WaitForExitAsync());
        Assert.Contains("Api:Clients:0:DisplayName must be set", app.Errors);
        Assert.Contains("Api:Clients:0:RedirectUris must list at least one address", app.Errors);
    }

    public void Dispose() => TestStore.Delete(folder.FullName);
}
