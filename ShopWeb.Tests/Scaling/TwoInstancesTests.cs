using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Tests.Infrastructure;
using ShopWeb.Tests.Pages.Account;

namespace ShopWeb.Tests.Scaling;

/// <summary>
/// Two instances of the shop on one store and one real Redis (<c>Redis:Configuration</c>): whatever one instance
/// decides, the other honours at its next request. Each would fail with the instances' own memory instead.
/// </summary>
public sealed class TwoInstancesTests : IDisposable
{
    private const int PostsPerMinute = 4;
    private const int RequestsPerMinute = 40;
    private readonly RedisServer redis = new();
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-two-instances-").FullName;
    private readonly ShopFactory a;
    private readonly ShopFactory b;

    public TwoInstancesTests()
    {
        a = Instance("a");
        _ = a.Server; // the first one migrates and seeds the shared store
        b = Instance("b");
    }

    [Fact]
    public async Task Each_instance_names_itself_in_X_Instance()
    {
        using var toA = a.CreateBrowser();
        using var toB = b.CreateBrowser();

        Assert.Equal("a", (await toA.Client.GetAsync("/")).Headers.GetValues("X-Instance").Single());
        Assert.Equal("b", (await toB.Client.GetAsync("/products")).Headers.GetValues("X-Instance").Single());
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_on_one_instance_is_refused_by_the_other_at_its_next_request()
    {
        var email = await a.CreateAccountAsync();
        using var browser = a.CreateBrowser();
        var home = await browser.SignInAsync(email);
        using var thief = b.CreateBrowser();
        thief.Client.DefaultRequestHeaders.Add("Cookie", LogoutTests.SessionCookie(home));
        Assert.Equal("Security", (await thief.GetAsync("/account/security")).Heading); // b has it in its cache now

        await browser.SubmitAsync(await browser.GetAsync("/"), "form[action='/account/logout']", button: "Sign out");

        Assert.Equal("Sign in", (await thief.GetAsync("/account/security")).Heading);
    }

    [Fact]
    public async Task The_sign_in_rate_limit_counts_the_posts_to_both_instances_together()
    {
        using var toA = SameClient(a);
        using var toB = SameClient(b);
        var answers = new List<HttpStatusCode>();
        foreach (var browser in new[] { toA, toB, toA, toB, toA, toB })
        {
            var form = await browser.GetAsync("/account/login");
            var page = await browser.SubmitAsync(form, "#login", new Dictionary<string, string>
            {
                ["Input.Email"] = AccountSteps.NewEmail("nobody"),
                ["Input.Password"] = "not the password",
            }, button: "Sign in");
            answers.Add(page.Status);
        }

        Assert.Equal(PostsPerMinute, answers.Count(status => status == HttpStatusCode.OK));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers[PostsPerMinute..]);
    }

    [Fact]
    public async Task The_per_address_limit_counts_the_requests_to_both_instances_together()
    {
        using var toA = SameClient(a);
        using var toB = SameClient(b);
        for (var i = 0; i < RequestsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await (i % 2 == 0 ? toA : toB).GetAsync("/cart")).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await toA.GetAsync("/cart")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await toB.GetAsync("/cart")).Status);
    }

    [Fact]
    public async Task A_price_changed_through_one_instance_is_on_the_next_anonymous_page_the_other_serves()
    {
        var product = await a.CreateProductAsync(await a.CreateCategoryAsync(), "Lantern " + CatalogSteps.Marker(), 1290, 10);
        using var visitor = a.CreateBrowser();
        await visitor.GetAsync($"/products/{product.Slug}");
        Assert.NotNull((await visitor.GetAsync($"/products/{product.Slug}")).Response.Headers.Age); // a serves it from the shared cache

        using var admin = await b.SignedInAdminAsync();
        var form = await admin.GetAsync($"/admin/products/edit/{product.Id}");
        await admin.SubmitAsync(form, "#product", new Dictionary<string, string> { ["Input.Price"] = "7.25" });

        Assert.Equal("€7.25", (await visitor.GetAsync($"/products/{product.Slug}")).Find(".product-detail .price")?.TextContent);
    }

    [Fact]
    public async Task A_price_changed_through_one_instance_is_on_the_next_signed_in_page_the_other_serves_from_its_fragments()
    {
        var product = await a.CreateProductAsync(await a.CreateCategoryAsync(), "Teapot " + CatalogSteps.Marker(), 1290, 10);
        var (shopper, email) = await a.SignedInShopperAsync();
        using var _ = shopper;
        for (var i = 0; i < 2; i++) // rendered, then from a's fragment cache
        {
            Assert.Equal("€12.90", (await shopper.GetAsync($"/products/{product.Slug}")).Find(".product-detail .price")?.TextContent);
        }

        using var admin = await b.SignedInAdminAsync();
        var form = await admin.GetAsync($"/admin/products/edit/{product.Id}");
        await admin.SubmitAsync(form, "#product", new Dictionary<string, string> { ["Input.Price"] = "7.25" });

        // The message to forget crosses Redis a moment after the change.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        HtmlPage page;
        while ((page = await shopper.GetAsync($"/products/{product.Slug}")).Find(".product-detail .price")?.TextContent != "€7.25")
        {
            Assert.True(DateTime.UtcNow < deadline, "instance a still shows the price its fragment held before the change");
            await Task.Delay(50);
        }

        Assert.Equal(email, page.Find(".account-name")?.TextContent);
    }

    [Fact]
    public async Task A_category_added_through_one_instance_is_forgotten_from_memory_by_the_other()
    {
        var (shopper, _) = await a.SignedInShopperAsync();
        using var _ = shopper;
        await shopper.GetAsync("/products"); // a holds the categories in memory

        var slug = "new-" + CatalogSteps.Marker();
        using var admin = await b.SignedInAdminAsync();
        await admin.SubmitAsync(await admin.GetAsync("/admin/categories"), "#category",
            new Dictionary<string, string> { ["Input.Name"] = "Brand New " + slug, ["Input.Slug"] = slug }, button: "Save category");

        // The message to forget crosses Redis a moment after the change; a signed-in page is rendered each time.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!(await shopper.GetAsync("/products")).Body.Contains(slug, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "instance a still lists the categories it held before the change");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_change_made_through_the_other_instance_counts_here_so_a_page_rendered_across_it_is_not_stored()
    {
        // What decides it: a's count of catalog changes, which its pages compare before and after they read the store.
        var changesAtA = a.Services.GetRequiredService<ShopWeb.Catalog.CatalogCache>();
        var before = changesAtA.Changes;

        await b.Services.GetRequiredService<ShopWeb.Catalog.CatalogCache>().CatalogChangedAsync();

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (changesAtA.Changes == before)
        {
            Assert.True(DateTime.UtcNow < deadline, "instance a never counted the change made through b");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        b.Dispose();
        a.Dispose();
        redis.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private ShopFactory Instance(string name) => new(new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = redis.Configuration,
        ["Shop:InstanceName"] = name,
        ["RateLimits:AccountFormPostsPerMinute"] = PostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:RequestsPerMinute"] = RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }, folder);

    /// <summary>A browser at the given instance that comes from one fixed client address, as one shopper's would.</summary>
    private static ShopBrowser SameClient(ShopFactory instance)
    {
        var browser = instance.CreateBrowser();
        browser.Client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.77");
        return browser;
    }
}
