using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>On Kestrel, which enforces a page's body limit (the in-memory test server does not).</summary>
public sealed class TooLargeBodyTests
{
    [Fact]
    public async Task A_catalog_file_past_the_import_pages_limit_is_a_413_saying_what_fits_not_a_bad_request()
    {
        using var shop = new ShopFactory();
        shop.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        shop.StartServer();
        var address = new Uri(shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        // As curl sends a large upload: it asks first (Expect: 100-continue) and waits for the answer, which here comes
        // before the body, so the shop need not read it. HttpClient sends the body anyway after 1 s by default, which a
        // loaded machine took: then the shop's early answer and close broke the pipe.
        using var admin = new ShopBrowser(new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            Expect100ContinueTimeout = TimeSpan.FromSeconds(60),
        }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(90) });
        Assert.True((await admin.SignInAsync(ShopFactory.AdminEmail, ShopFactory.AdminPassword)).IsSignedIn());
        admin.Client.DefaultRequestHeaders.ExpectContinue = true;
        var huge = new string('a', ShopWeb.Pages.Admin.Products.ImportModel.MaxBytes + (2 * 1024 * 1024)) + "\n";
        var page = await admin.PreviewImportAsync(huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.Status);
        Assert.Equal("Too large", page.Heading);
        Assert.Contains("a catalog file 64 MB", page.Find("main")?.TextContent);
    }
}
