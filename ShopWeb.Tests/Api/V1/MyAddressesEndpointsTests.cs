using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

public sealed class MyAddressesEndpointsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private const string Book = "/api/v1/me/addresses";
    private const string One = "/api/v1/me/addresses/{id}";

    [Fact]
    public async Task An_address_is_added_read_changed_and_deleted_with_its_etag()
    {
        using var app = await SavingShopperAsync();

        var added = await app.PostAsJsonAsync(Book, Lyon());
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var address = await OpenApiContract.AssertMatchesAsync(added, "POST", Book);
        Assert.True(address.GetProperty("isDefault").GetBoolean());
        Assert.Equal("69003", address.GetProperty("postalCode").GetString());
        var id = address.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/me/addresses/{id}", added.Headers.Location?.OriginalString);

        var read = await app.GetAsync($"{Book}/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await OpenApiContract.AssertMatchesAsync(read, "GET", One);
        var etag = read.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.True(read.Headers.CacheControl?.NoStore);

        var changed = await app.SendAsync(IfMatch(HttpMethod.Put, $"{Book}/{id}", etag.Tag, Lyon(line1: "3 Quai Saint-Vincent")));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("3 Quai Saint-Vincent", (await OpenApiContract.AssertMatchesAsync(changed, "PUT", One)).GetProperty("line1").GetString());
        Assert.NotEqual(etag.Tag, changed.Headers.ETag?.Tag);
        var list = await OpenApiContract.AssertMatchesAsync(await app.GetAsync(Book), "GET", Book);
        Assert.Equal("3 Quai Saint-Vincent", Assert.Single(list.EnumerateArray()).GetProperty("line1").GetString());

        // The first tag is of the address as it was: deleting with it would delete something unseen.
        var stale = await app.SendAsync(IfMatch(HttpMethod.Delete, $"{Book}/{id}", etag.Tag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("https://shopweb.example/problems/changed-since-read", await ApiSteps.ProblemTypeAsync(stale, "DELETE", One));

        var deleted = await app.SendAsync(IfMatch(HttpMethod.Delete, $"{Book}/{id}", (await app.GetAsync($"{Book}/{id}")).Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await OpenApiContract.AssertMatchesAsync(deleted, "DELETE", One);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{Book}/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_change_made_in_the_browser_meanwhile_makes_the_apps_etag_stale()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: true);
        await browser.AddAddressAsync();
        using var app = AppSignIn.AppClient(factory, (await AppSignIn.TokensForAsync(factory, email)).AccessToken);
        var list = await OpenApiContract.AssertMatchesAsync(await app.GetAsync(Book), "GET", Book);
        var id = list[0].GetProperty("id").GetInt32();
        var etag = (await app.GetAsync($"{Book}/{id}")).Headers.ETag!.Tag;

        await browser.AddAddressAsync(line1: "8 Place Bellecour", makeDefault: true);
        var stale = await app.SendAsync(IfMatch(HttpMethod.Put, $"{Book}/{id}", etag, Lyon(line1: "overwrite")));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await ApiSteps.ProblemTypeAsync(stale, "PUT", One);
        var now = await (await app.GetAsync($"{Book}/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("12 Rue des Lilas", now.GetProperty("line1").GetString());
    }

    [Fact]
    public async Task Changing_or_deleting_without_if_match_is_a_428_and_changes_nothing()
    {
        using var app = await SavingShopperAsync();
        var id = (await (await app.PostAsJsonAsync(Book, Lyon())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var put = await app.PutAsJsonAsync($"{Book}/{id}", Lyon(line1: "elsewhere"));
        var delete = await app.DeleteAsync($"{Book}/{id}");

        Assert.Equal(HttpStatusCode.PreconditionRequired, put.StatusCode);
        Assert.Equal("https://shopweb.example/problems/if-match-required", await ApiSteps.ProblemTypeAsync(put, "PUT", One));
        Assert.Equal(HttpStatusCode.PreconditionRequired, delete.StatusCode);
        await ApiSteps.ProblemTypeAsync(delete, "DELETE", One);
        var now = await (await app.GetAsync($"{Book}/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("12 Rue des Lilas", now.GetProperty("line1").GetString());
    }

    [Fact]
    public async Task An_invalid_address_gets_the_address_books_messages_per_field()
    {
        using var app = await SavingShopperAsync();

        var response = await app.PostAsJsonAsync(Book, new { name = "", line1 = "1 Road", city = "Lyon", postalCode = "69#03", country = "XX" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await OpenApiContract.AssertMatchesAsync(response, "POST", Book)).Errors();
        Assert.Equal("Enter the name of the person receiving the parcel.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("Use letters, digits, spaces and hyphens only.", errors.GetProperty("postalCode")[0].GetString());
        Assert.Empty((await (await app.GetAsync(Book)).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());

        var empty = await app.PostAsync(Book, new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(empty, "POST", Book));
    }

    [Fact]
    public async Task A_country_outside_the_list_is_refused_as_on_the_page()
    {
        using var app = await SavingShopperAsync();

        var response = await app.PostAsJsonAsync(Book, Lyon(country: "XX"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await OpenApiContract.AssertMatchesAsync(response, "POST", Book)).Errors();
        Assert.Equal("Choose a country from the list.", errors.GetProperty("country")[0].GetString());
    }

    [Fact]
    public async Task Adding_while_the_choice_is_off_is_a_409_and_keeps_nothing()
    {
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        var response = await app.PostAsJsonAsync(Book, Lyon());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("https://shopweb.example/problems/addresses-not-saved", await ApiSteps.ProblemTypeAsync(response, "POST", Book));
        Assert.Empty((await OpenApiContract.AssertMatchesAsync(await app.GetAsync(Book), "GET", Book)).EnumerateArray());
    }

    [Fact]
    public async Task Another_shoppers_address_is_a_404_for_every_method()
    {
        using var owner = await SavingShopperAsync();
        var added = await owner.PostAsJsonAsync(Book, Lyon());
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var etag = added.Headers.ETag!.Tag;
        using var stranger = await SavingShopperAsync();

        var get = await stranger.GetAsync($"{Book}/{id}");
        var put = await stranger.SendAsync(IfMatch(HttpMethod.Put, $"{Book}/{id}", etag, Lyon(line1: "mine now")));
        var delete = await stranger.SendAsync(IfMatch(HttpMethod.Delete, $"{Book}/{id}", etag));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(get, "GET", One));
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        await ApiSteps.ProblemTypeAsync(put, "PUT", One);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        await ApiSteps.ProblemTypeAsync(delete, "DELETE", One);
        Assert.Equal("12 Rue des Lilas", (await (await owner.GetAsync($"{Book}/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("line1").GetString());
    }

    [Fact]
    public async Task Turning_the_choice_off_erases_the_address_book()
    {
        using var app = await SavingShopperAsync();
        await app.PostAsJsonAsync(Book, Lyon());
        await app.PostAsJsonAsync(Book, Lyon(line1: "8 Place Bellecour"));

        var off = await app.PutAsJsonAsync("/api/v1/me/choices/shipping-addresses", new { on = false });

        Assert.False((await OpenApiContract.AssertMatchesAsync(off, "PUT", "/api/v1/me/choices/shipping-addresses")).GetProperty("shippingAddresses").GetBoolean());
        Assert.Empty((await OpenApiContract.AssertMatchesAsync(await app.GetAsync(Book), "GET", Book)).EnumerateArray());
    }

    [Theory]
    [InlineData("GET", Book)]
    [InlineData("POST", Book)]
    [InlineData("GET", One)]
    [InlineData("PUT", One)]
    [InlineData("DELETE", One)]
    public async Task Without_a_token_each_is_a_401_problem(string method, string template)
    {
        using var app = AppSignIn.AppClient(factory);

        var response = await app.SendAsync(new HttpRequestMessage(new HttpMethod(method), template.Replace("{id}", "1", StringComparison.Ordinal))
        {
            Content = method is "PUT" or "POST" ? JsonContent.Create(Lyon()) : null,
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ApiSteps.ProblemTypeAsync(response, method, template);
    }

    private async Task<HttpClient> SavingShopperAsync()
    {
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await app.PutAsJsonAsync("/api/v1/me/choices/shipping-addresses", new { on = true })).StatusCode);
        return app;
    }

    private static Dictionary<string, object?> Lyon(string line1 = "12 Rue des Lilas", string country = "FR") => new()
    {
        ["name"] = "Zoë Martin",
        ["line1"] = line1,
        ["city"] = "Lyon",
        ["postalCode"] = "69003",
        ["country"] = country,
    };

    private static HttpRequestMessage IfMatch(HttpMethod method, string path, string etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }
}
