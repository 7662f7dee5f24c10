using System.Net;
using ShopWeb.Tests.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Hosting;

/// <summary>
/// The operator's path: <c>dotnet publish</c>, then <c>dotnet out/ShopWeb.dll</c> from another folder, twice on the same store.
/// </summary>
public sealed class PublishedAppTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("shopweb-publish-");

    /// <summary>
    /// On SQLite the default store, App_Data/shop.db under the app's own folder, is part of what is tested; on PostgreSQL
    /// the shop is given the suite's server instead.
    /// </summary>
    private TestStore? postgres;

    [Fact]
    public async Task The_published_app_serves_pages_and_wwwroot_files_from_any_folder_and_keeps_its_store()
    {
        var output = await PublishedApp.FolderAsync();
        postgres = TestStore.OnPostgres ? TestStore.For(folder.FullName) : null;
        var elsewhere = Directory.CreateDirectory(Path.Combine(folder.FullName, "elsewhere")).FullName;
        Assert.True(File.Exists(Path.Combine(output, "wwwroot", "css", "site.css")), "the top-level wwwroot is in the publish output");

        await using (var withoutPublicUrl = AppProcess.Start(Path.Combine(output, "ShopWeb.dll"), elsewhere,
            new Dictionary<string, string> { ["Shop__PublicUrl"] = "" }, "--urls", "http://127.0.0.1:0"))
        {
            Assert.NotEqual(0, await withoutPublicUrl.WaitForExitAsync());
            Assert.Contains("ShopWeb cannot start: Shop:PublicUrl must be set outside Development", withoutPublicUrl.Errors);
        }

        var keysAfterFirstStart = await StartServeAndStopAsync(output, elsewhere);
        var keysAfterSecondStart = await StartServeAndStopAsync(output, elsewhere);

        Assert.NotEmpty(await StoreTests.ReadColumnAsync(StoreOf(output), """SELECT "MigrationId" FROM "__EFMigrationsHistory" """));
        Assert.NotEmpty(keysAfterFirstStart);
        Assert.Equal(keysAfterFirstStart, keysAfterSecondStart);
    }

    private async Task<List<string>> StartServeAndStopAsync(string output, string workingDirectory)
    {
        await using (var app = AppProcess.Start(Path.Combine(output, "ShopWeb.dll"), workingDirectory, postgres?.Environment ?? new Dictionary<string, string>(), "--urls", "http://127.0.0.1:0"))
        {
            using var client = new HttpClient { BaseAddress = await app.WaitUntilListeningAsync() };

            var home = await HtmlPage.ReadAsync(await client.GetAsync("/"));
            Assert.Equal(HttpStatusCode.OK, home.Status);
            Assert.Equal("Welcome to ShopWeb", home.Heading);
            var stylesheet = await client.GetAsync(home.Find("link[rel=stylesheet]")!.GetAttribute("href"));
            Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
            Assert.Contains(".skip-link", await stylesheet.Content.ReadAsStringAsync());
            using var compressed = new HttpRequestMessage(HttpMethod.Get, "/css/site.css") { Headers = { { "Accept-Encoding", "br" } } };
            var brotli = await client.SendAsync(compressed);
            Assert.Equal("br", Assert.Single(brotli.Content.Headers.ContentEncoding));
            Assert.True((await brotli.Content.ReadAsByteArrayAsync()).Length > 100, "the pre-compressed stylesheet has content");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/favicon.svg")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            await client.GetAsync("/test-probe/none"); // any page; the keys are made at the first protected cookie or at start
        }

        return await StoreTests.ReadColumnAsync(StoreOf(output), """SELECT "FriendlyName" FROM "DataProtectionKeys" ORDER BY "Id" """);
    }

    private TestStore StoreOf(string output) => postgres ?? TestStore.For(Path.Combine(output, "App_Data"));

    public void Dispose() => TestStore.Delete(folder.FullName);
}
