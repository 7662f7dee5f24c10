using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>The catalog for apps: the catalog pages' search and data, cached like them, with strong ETags.</summary>
public sealed class CatalogEndpointsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Categories_list_every_category_with_its_products_on_sale_and_answer_304_to_their_own_ETag()
    {
        var category = await factory.CreateCategoryAsync();
        await factory.CreateProductAsync(category, "Api Kettle");
        await factory.CreateProductAsync(category, "Api Hidden", published: false);
        var app = factory.CreateApiClient();

        using var first = await app.GetAsync("/api/v1/categories");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await OpenApiContract.AssertMatchesAsync(first, "GET", "/api/v1/categories");
        var listed = body.EnumerateArray().Single(c => c.GetProperty("slug").GetString() == category.Slug);
        Assert.Equal(1, listed.GetProperty("productCount").GetInt32());
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        using var again = await Conditional(app, "/api/v1/categories", etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());

        // A new category changes the list, so its old ETag no longer matches.
        var added = await factory.CreateCategoryAsync();
        using var changed = await Conditional(app, "/api/v1/categories", etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains((await OpenApiContract.AssertMatchesAsync(changed, "GET", "/api/v1/categories")).EnumerateArray(), c => c.GetProperty("slug").GetString() == added.Slug);
    }

    [Fact]
    public async Task Products_are_searched_sorted_and_paged_with_the_total_count_as_the_catalog_page_does()
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        for (var i = 1; i <= 5; i++)
        {
            await factory.CreateProductAsync(category, $"Mug {i}", priceMinor: 100 * i, description: marker);
        }

        var app = factory.CreateApiClient();
        using var response = await app.GetAsync($"/api/v1/products?q={marker}&sort=price-desc&pageSize=2&page=2");
        var page = await OpenApiContract.AssertMatchesAsync(response, "GET", "/api/v1/products");
        Assert.Equal(5, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(3, page.GetProperty("totalPages").GetInt32());
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.Equal(["Mug 3", "Mug 2"], page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var price = page.GetProperty("items")[0].GetProperty("price");
        Assert.Equal("3.00", price.GetProperty("amount").GetString());
        Assert.Equal("EUR", price.GetProperty("currency").GetString());

        using var inCategory = await app.GetAsync($"/api/v1/products?category={category.Slug}&pageSize=100");
        Assert.Equal(5, (await OpenApiContract.AssertMatchesAsync(inCategory, "GET", "/api/v1/products")).GetProperty("items").GetArrayLength());

        // Past the last page an app paging on finds an empty page, not the last page again.
        using var past = await app.GetAsync($"/api/v1/products?q={marker}&pageSize=2&page=4");
        var empty = await OpenApiContract.AssertMatchesAsync(past, "GET", "/api/v1/products");
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
        Assert.Equal(5, empty.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_search_says_which_words_it_looked_for_and_whether_it_left_any_out()
    {
        var marker = CatalogSteps.Marker();
        await factory.CreateProductAsync(await factory.CreateCategoryAsync(), $"Api Teapot {marker}", description: "alpha bravo charlie delta echo foxtrot golf");
        var app = factory.CreateApiClient();

        using var trimmed = await app.GetAsync($"/api/v1/products?q=a+{marker}+alpha+bravo+charlie+delta+echo+foxtrot+golf+zzunknown");
        var page = await OpenApiContract.AssertMatchesAsync(trimmed, "GET", "/api/v1/products");
        Assert.Equal([marker, "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"], page.GetProperty("searchWords").EnumerateArray().Select(w => w.GetString()));
        Assert.True(page.GetProperty("searchTrimmed").GetBoolean());
        Assert.Equal([$"Api Teapot {marker}"], page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        using var whole = await app.GetAsync($"/api/v1/products?q=teapot+{marker}");
        page = await OpenApiContract.AssertMatchesAsync(whole, "GET", "/api/v1/products");
        Assert.Equal(["teapot", marker], page.GetProperty("searchWords").EnumerateArray().Select(w => w.GetString()));
        Assert.False(page.GetProperty("searchTrimmed").GetBoolean());
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=1&page=2", "page")]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("category=no-such-category", "category")]
    public async Task A_bad_query_value_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        var app = factory.CreateApiClient();
        using var response = await app.GetAsync("/api/v1/products?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(response, "GET", "/api/v1/products"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.Errors().TryGetProperty(parameter, out var messages), $"no error for {parameter}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray().Single().GetString()!);
    }

    [Fact]
    public async Task A_parameter_given_twice_is_told_so_rather_than_that_its_value_is_wrong()
    {
        using var response = await factory.CreateApiClient().GetAsync("/api/v1/products?page=1&page=2");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Give page once.", problem.Errors().GetProperty("page")[0].GetString());
    }

    [Fact]
    public async Task A_product_is_found_by_its_slug_in_any_case_and_an_unknown_or_withdrawn_one_is_a_404_problem()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Api Teapot", priceMinor: 1290, stock: 2, description: "Holds a litre.");
        var withdrawn = await factory.CreateProductAsync(category, "Api Withdrawn", published: false);
        var app = factory.CreateApiClient();

        using var found = await app.GetAsync($"/api/v1/products/{product.Slug.ToUpperInvariant()}");
        var body = await OpenApiContract.AssertMatchesAsync(found, "GET", "/api/v1/products/{slug}");
        Assert.Equal("Api Teapot", body.GetProperty("name").GetString());
        Assert.Equal("12.90", body.GetProperty("price").GetProperty("amount").GetString());
        Assert.Equal("lowStock", body.GetProperty("availability").GetProperty("level").GetString());
        Assert.Equal("Only 2 left", body.GetProperty("availability").GetProperty("label").GetString());
        Assert.Equal(category.Slug, body.GetProperty("category").GetProperty("slug").GetString());

        foreach (var slug in new[] { "no-such-product", withdrawn.Slug })
        {
            using var missing = await app.GetAsync($"/api/v1/products/{slug}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(missing, "GET", "/api/v1/products/{slug}"));
        }
    }

    [Fact]
    public async Task Answers_come_from_the_output_cache_and_a_sale_evicts_the_products_it_sold()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Api Cached Jug", stock: 5);
        var app = factory.CreateApiClient();
        var url = $"/api/v1/products/{product.Slug}";

        using var rendered = await app.GetAsync(url);
        using var cached = await app.GetAsync(url);
        Assert.False(rendered.Headers.Age.HasValue);
        Assert.True(cached.Headers.Age.HasValue, "the second answer did not come from the output cache");
        Assert.Equal(rendered.Headers.ETag, cached.Headers.ETag);

        // The cache answers If-None-Match itself.
        using var notModified = await Conditional(app, url, cached.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // An order through the API takes stock: the product's cached answer goes, and the new one says so.
        var cart = await app.CreateCartAsync();
        (await app.AddLineAsync(cart, product.Slug, 4)).EnsureSuccessStatusCode();
        using var placed = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);

        using var after = await app.GetAsync(url);
        Assert.False(after.Headers.Age.HasValue, "the product's answer was not evicted by the sale");
        Assert.NotEqual(rendered.Headers.ETag, after.Headers.ETag);
        Assert.Equal("Only 1 left", (await OpenApiContract.AssertMatchesAsync(after, "GET", "/api/v1/products/{slug}")).GetProperty("availability").GetProperty("label").GetString());
    }

    [Fact]
    public async Task Each_encoding_has_an_ETag_of_its_own()
    {
        var app = factory.CreateApiClient();
        using var plain = await app.GetAsync("/api/v1/categories");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/categories");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var gzip = await app.SendAsync(request);
        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding));
        Assert.NotEqual(plain.Headers.ETag, gzip.Headers.ETag);
    }

    private static Task<HttpResponseMessage> Conditional(HttpClient app, string url, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return app.SendAsync(request);
    }
}
