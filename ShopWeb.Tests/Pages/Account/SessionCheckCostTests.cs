using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

/// <summary>
/// A signed-in request reads its session from the cache: no database query per request; and once its cookies were
/// read, no cryptography either (the sign-in cookie's decryption and the antiforgery token are remembered).
/// </summary>
public sealed class SessionCheckCostTests : IDisposable
{
    private readonly CommandCounter counter = new();
    private readonly CryptoCounter crypto = new();
    private readonly ShopFactory factory;

    public SessionCheckCostTests() =>
        factory = new ShopFactory(settings: null, services: services =>
        {
            ShopFactory.AddStoreInterceptor(services, counter);
            crypto.Add(services);
        });

    [Fact]
    public async Task A_signed_in_page_that_needs_no_data_runs_no_query()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        Assert.True((await browser.SignInAsync(email)).IsSignedIn());
        await browser.GetAsync("/account/access-denied"); // warm: the first request after sign-in may fill the cache

        var before = counter.Count;
        var page = await browser.GetAsync("/account/access-denied");

        Assert.True(page.IsSignedIn());
        Assert.Equal(before, counter.Count);
    }

    [Fact]
    public async Task A_signed_in_page_view_decrypts_and_encrypts_nothing_once_its_cookies_were_read()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        Assert.True((await browser.SignInAsync(email)).IsSignedIn());
        await browser.GetAsync("/products"); // the sign-in cookie's first read, and the first token for this cookie and session
        await browser.GetAsync("/products");

        var before = crypto.Count;
        var page = await browser.GetAsync("/products");

        Assert.True(page.IsSignedIn());
        Assert.Equal(before, crypto.Count);
    }

    public void Dispose() => factory.Dispose();
}
