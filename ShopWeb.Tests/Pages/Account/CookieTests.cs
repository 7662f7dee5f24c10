using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

public sealed class CookieTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Over_https_the_sign_in_cookie_is_host_prefixed_secure_httponly_and_lax()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false, baseAddress: "https://localhost/");

        var form = await browser.GetAsync("/account/login");
        var signedIn = await browser.SignInAsync(email);

        var cookie = signedIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-ShopWeb.Auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        var antiforgery = form.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ShopWeb.Antiforgery=", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_tls_terminating_proxy_the_forwarded_scheme_makes_cookies_secure()
    {
        var email = await factory.CreateAccountAsync();

        // The proxy speaks HTTPS to the browser and plain HTTP to the shop; a cookie jar would keep the Secure
        // cookies for HTTPS only, so this client carries them by hand, as the browser behind the proxy would.
        var client = factory.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        using var browser = new ShopBrowser(client);
        var form = await browser.GetAsync("/account/login");
        var antiforgery = form.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ShopWeb.Antiforgery=", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        client.DefaultRequestHeaders.Add("Cookie", antiforgery.Split(';')[0]);

        var signedIn = await browser.SubmitAsync(form, "#login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountSteps.Password,
        }, button: "Sign in");

        var cookie = signedIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.Contains("ShopWeb.Auth=", StringComparison.Ordinal));
        Assert.StartsWith("__Host-ShopWeb.Auth=", cookie);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Over_plain_http_the_cookie_keeps_its_plain_name_and_is_not_secure()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);

        var signedIn = await browser.SignInAsync(email);

        var cookie = signedIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.Contains("ShopWeb.Auth=", StringComparison.Ordinal));
        Assert.StartsWith("ShopWeb.Auth=", cookie);
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task On_a_shop_served_over_https_the_cart_and_antiforgery_cookies_are_host_prefixed_and_still_work()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Shop:PublicUrl"] = "https://localhost/" });
        var product = await shop.CreateProductAsync(await shop.CreateCategoryAsync(), "Host-prefixed mug");
        var email = await shop.CreateAccountAsync();
        using var browser = shop.CreateBrowser(followRedirects: false, baseAddress: "https://localhost/");

        var productPage = await browser.GetAsync($"/products/{product.Slug}");
        var added = await browser.SubmitAsync(productPage, "#add-to-cart", new Dictionary<string, string> { ["quantity"] = "1" }, button: "Add to cart");
        var cart = await browser.GetAsync("/cart");
        var signedIn = await browser.SignInAsync(email);

        AssertHostPrefixed(SetCookie(productPage, "__Host-ShopWeb.Antiforgery")); // the product page's form carries a token
        AssertHostPrefixed(SetCookie(added, "__Host-ShopWeb.Cart"));
        Assert.Contains("Host-prefixed mug", cart.Body);
        AssertHostPrefixed(SetCookie(signedIn, "__Host-ShopWeb.Auth")); // the form's antiforgery token was accepted
    }

    private static string SetCookie(HtmlPage page, string name) =>
        page.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    private static void AssertHostPrefixed(string cookie)
    {
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
