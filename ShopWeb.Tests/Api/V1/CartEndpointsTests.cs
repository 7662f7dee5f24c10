using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>Guest carts for apps: an id and a secret, and the cart page's own stock and quantity rules.</summary>
public sealed class CartEndpointsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_new_cart_is_empty_and_lines_are_added_changed_and_removed_one_at_a_time()
    {
        var category = await factory.CreateCategoryAsync();
        var mug = await factory.CreateProductAsync(category, "Cart Mug", priceMinor: 450, stock: 10);
        var jug = await factory.CreateProductAsync(category, "Cart Jug", priceMinor: 1000, stock: 10);
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();

        using var empty = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{cart.Id}").WithSecret(cart.Secret));
        var emptyBody = await OpenApiContract.AssertMatchesAsync(empty, "GET", "/api/v1/carts/{id}");
        Assert.Equal(0, emptyBody.GetProperty("lines").GetArrayLength());

        (await OpenApiContract.AssertMatchesAsync(await app.AddLineAsync(cart, mug.Slug, 2), "POST", "/api/v1/carts/{id}/lines")).GetProperty("units");
        using var added = await app.AddLineAsync(cart, jug.Slug, 1);
        var body = await OpenApiContract.AssertMatchesAsync(added, "POST", "/api/v1/carts/{id}/lines");
        Assert.Equal(3, body.GetProperty("units").GetInt32());
        Assert.Equal("19.00", body.GetProperty("subtotal").GetProperty("amount").GetString());
        Assert.True(body.GetProperty("readyToOrder").GetBoolean());

        using var changed = await app.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/carts/{cart.Id}/lines/{mug.Slug}")
        {
            Content = JsonContent.Create(new { quantity = 5 }),
        }.WithSecret(cart.Secret));
        var afterChange = await OpenApiContract.AssertMatchesAsync(changed, "PUT", "/api/v1/carts/{id}/lines/{sku}");
        Assert.Equal(5, afterChange.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        Assert.Equal("22.50", afterChange.GetProperty("lines")[0].GetProperty("lineTotal").GetProperty("amount").GetString());

        using var removed = await app.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/carts/{cart.Id}/lines/{mug.Slug}").WithSecret(cart.Secret));
        var afterRemove = await OpenApiContract.AssertMatchesAsync(removed, "DELETE", "/api/v1/carts/{id}/lines/{sku}");
        Assert.Equal([jug.Slug], afterRemove.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("productSlug").GetString()));

        using var again = await app.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/carts/{cart.Id}/lines/{mug.Slug}").WithSecret(cart.Secret));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(again, "DELETE", "/api/v1/carts/{id}/lines/{sku}"));
    }

    [Fact]
    public async Task Quantities_are_capped_at_the_stock_with_a_notice_and_a_sold_out_or_withdrawn_product_is_refused()
    {
        var category = await factory.CreateCategoryAsync();
        var few = await factory.CreateProductAsync(category, "Cart Few", stock: 3);
        var none = await factory.CreateProductAsync(category, "Cart None", stock: 0);
        var withdrawn = await factory.CreateProductAsync(category, "Cart Withdrawn", published: false);
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();

        using var capped = await app.AddLineAsync(cart, few.Slug, 5);
        var body = await OpenApiContract.AssertMatchesAsync(capped, "POST", "/api/v1/carts/{id}/lines");
        Assert.Equal(3, body.GetProperty("units").GetInt32());
        Assert.Equal("Only 3 of Cart Few in stock: your cart has 3.", body.GetProperty("notice").GetString());

        using var soldOut = await app.AddLineAsync(cart, none.Slug);
        Assert.Equal(HttpStatusCode.Conflict, soldOut.StatusCode);
        Assert.Equal("https://shopweb.example/problems/sold-out", await ApiSteps.ProblemTypeAsync(soldOut, "POST", "/api/v1/carts/{id}/lines"));

        foreach (var slug in new[] { withdrawn.Slug, "no-such-product" })
        {
            using var unavailable = await app.AddLineAsync(cart, slug);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unavailable.StatusCode);
            Assert.Equal("https://shopweb.example/problems/product-unavailable", await ApiSteps.ProblemTypeAsync(unavailable, "POST", "/api/v1/carts/{id}/lines"));
        }

        foreach (var quantity in new[] { 0, 100 })
        {
            using var invalid = await app.AddLineAsync(cart, few.Slug, quantity);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(invalid, "POST", "/api/v1/carts/{id}/lines"));
        }
    }

    [Fact]
    public async Task A_notice_names_the_limit_that_kept_a_line_short_and_a_line_sold_out_since_says_so()
    {
        var category = await factory.CreateCategoryAsync();
        var plenty = await factory.CreateProductAsync(category, "Cart Plenty", stock: 500);
        var going = await factory.CreateProductAsync(category, "Cart Going", stock: 5);
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();
        (await app.AddLineAsync(cart, plenty.Slug, 60)).EnsureSuccessStatusCode();
        (await app.AddLineAsync(cart, going.Slug, 2)).EnsureSuccessStatusCode();

        using var most = await app.AddLineAsync(cart, plenty.Slug, 60);
        Assert.Equal("At most 99 of one item in a cart: your cart has 99 of Cart Plenty.",
            (await OpenApiContract.AssertMatchesAsync(most, "POST", "/api/v1/carts/{id}/lines")).GetProperty("notice").GetString());

        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == going.Id).ExecuteUpdateAsync(set => set.SetProperty(v => v.Stock, 0)));
        using var changed = await app.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/carts/{cart.Id}/lines/{going.Slug}")
        {
            Content = JsonContent.Create(new { quantity = 1 }),
        }.WithSecret(cart.Secret));
        Assert.Equal("Cart Going is sold out: remove it from your cart to check out.",
            (await OpenApiContract.AssertMatchesAsync(changed, "PUT", "/api/v1/carts/{id}/lines/{sku}")).GetProperty("notice").GetString());
    }

    [Fact]
    public async Task Another_cart_or_a_wrong_secret_is_a_404_and_a_missing_secret_a_400()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Cart Private");
        var app = factory.CreateApiClient();
        var mine = await app.CreateCartAsync();
        var theirs = await factory.CreateApiClient().CreateCartAsync();
        (await app.AddLineAsync(theirs, product.Slug)).EnsureSuccessStatusCode();

        // My secret does not open their cart, whatever else is right.
        using var withMySecret = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{theirs.Id}").WithSecret(mine.Secret));
        Assert.Equal(HttpStatusCode.NotFound, withMySecret.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(withMySecret, "GET", "/api/v1/carts/{id}"));

        using var addToTheirs = await app.AddLineAsync(theirs, product.Slug, secret: mine.Secret);
        Assert.Equal(HttpStatusCode.NotFound, addToTheirs.StatusCode);
        using var removeFromTheirs = await app.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/carts/{theirs.Id}/lines/{product.Slug}").WithSecret("x"));
        Assert.Equal(HttpStatusCode.NotFound, removeFromTheirs.StatusCode);

        using var noSecret = await app.GetAsync($"/api/v1/carts/{mine.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, noSecret.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(noSecret, "GET", "/api/v1/carts/{id}"));

        // Their cart is untouched.
        using var theirView = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{theirs.Id}").WithSecret(theirs.Secret));
        Assert.Equal(1, (await OpenApiContract.AssertMatchesAsync(theirView, "GET", "/api/v1/carts/{id}")).GetProperty("units").GetInt32());
    }

    [Fact]
    public async Task The_store_keeps_only_a_hash_of_the_cart_id_and_secret()
    {
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();
        var keys = await factory.WithDbAsync(async db => await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Carts.Where(c => c.GuestKey != null).Select(c => c.GuestKey!)));
        Assert.DoesNotContain(keys, k => k.Contains(cart.Secret, StringComparison.Ordinal) || k.Contains(cart.Id, StringComparison.Ordinal));
        Assert.Contains(ShopWeb.Api.V1.GuestCartKeys.OwnerOf(cart.Id, cart.Secret)!.GuestKey, keys);
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem_not_an_error_page()
    {
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();
        using var response = await app.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{cart.Id}/lines")
        {
            Content = new StringContent("{\"productSlug\": ", Encoding.UTF8, "application/json"),
        }.WithSecret(cart.Secret));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://shopweb.example/problems/bad-request", await ApiSteps.ProblemTypeAsync(response, "POST", "/api/v1/carts/{id}/lines"));
    }
}
