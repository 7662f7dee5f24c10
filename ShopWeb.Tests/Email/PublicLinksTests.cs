using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Email;

/// <summary>Every link the shop emails starts with Shop:PublicUrl, whatever Host or X-Forwarded-Host a request claims.</summary>
public sealed class PublicLinksTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Forgot_password_with_a_forged_host_queues_an_email_whose_links_all_start_with_the_public_url()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = ForgedHostBrowser();

        var page = await browser.GetAsync("/account/forgot-password");
        await browser.SubmitAsync(page, "#forgot-password", new Dictionary<string, string> { ["Input.Email"] = email }, button: "Send reset link");

        var links = await QueuedLinksToAsync(email);
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith(ShopFactory.PublicUrl, link));
        Assert.Contains(links, link => link.StartsWith(ShopFactory.PublicUrl + "account/reset-password?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registering_and_a_guest_order_with_a_forged_host_email_links_to_the_public_url_only()
    {
        var email = AccountSteps.NewEmail();
        using var browser = ForgedHostBrowser();
        await browser.RegisterAsync(email);
        await browser.RegisterAsync(email); // the "you already have an account" email, with its sign-in and reset links
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Forged Host Mug " + CatalogSteps.Marker(), stock: 5);
        await browser.AddToCartAsync(product);
        var guest = AccountSteps.NewEmail("guest");
        await browser.CheckoutAsync(CheckoutSteps.GuestFields(guest));

        var links = (await QueuedLinksToAsync(email)).Concat(await QueuedLinksToAsync(guest)).ToList();
        Assert.True(links.Count >= 4, $"confirmation, sign-in, reset and order links expected; got {string.Join(", ", links)}");
        Assert.All(links, link => Assert.StartsWith(ShopFactory.PublicUrl, link));
        Assert.Contains(links, link => link.Contains("/orders/", StringComparison.Ordinal) && link.Contains("token=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sign_in_redirect_is_relative_so_no_host_header_reaches_it()
    {
        using var browser = factory.CreateBrowser(followRedirects: false, baseAddress: "http://evil.example/");
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");

        var response = await browser.Client.GetAsync("/account/profile");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Faccount%2Fprofile", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task In_development_without_a_setting_links_start_with_the_first_address_the_shop_listens_on()
    {
        var folder = Directory.CreateTempSubdirectory("shopweb-devlinks-");
        try
        {
            var store = TestStore.For(folder.FullName);
            await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder.FullName, new Dictionary<string, string>(store.Environment)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Shop__PublicUrl"] = "",
                ["Email__PickupDirectory"] = Path.Combine(folder.FullName, "mail"),
            }, "--urls", "http://127.0.0.1:0");
            var address = await app.WaitUntilListeningAsync();
            using var browser = new ShopBrowser(new HttpClient(new HttpClientHandler { CookieContainer = new() }) { BaseAddress = new Uri(address, "/") });
            browser.Client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");
            var email = AccountSteps.NewEmail();

            await browser.RegisterAsync(email);

            var message = new Mailbox(Path.Combine(folder.FullName, "mail"), store).LatestTo(email);
            Assert.StartsWith(new Uri(address, "/account/confirm-email?").ToString(), Mailbox.Link(message, "Confirm my email").ToString());
        }
        finally
        {
            TestStore.Delete(folder.FullName);
        }
    }

    private ShopBrowser ForgedHostBrowser()
    {
        var browser = factory.CreateBrowser(baseAddress: "http://evil.example/");
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");
        return browser;
    }

    /// <summary>Every absolute URL in the queued messages to <paramref name="to"/>: the HTML's links and the text's URLs.</summary>
    private async Task<List<string>> QueuedLinksToAsync(string to)
    {
        var messages = await factory.WithDbAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.To == to).ToListAsync());
        var links = new List<string>();
        foreach (var message in messages)
        {
            links.AddRange(new HtmlParser().ParseDocument(message.Html ?? "").QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!));
            links.AddRange((message.Text ?? "").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
                .Where(word => word.Contains("://", StringComparison.Ordinal)));
        }

        return links;
    }
}
