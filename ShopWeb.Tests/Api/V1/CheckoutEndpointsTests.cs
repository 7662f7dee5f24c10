using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopWeb.Api;
using ShopWeb.Api.V1;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>Guest checkout for apps: the checkout page's PlaceOrder, behind an Idempotency-Key kept in the store.</summary>
public sealed class CheckoutEndpointsTests(CheckoutEndpointsTests.Shop factory) : IClassFixture<CheckoutEndpointsTests.Shop>
{
    /// <summary>A shop whose order inserts can be held, to catch a checkout while it is still running.</summary>
    public sealed class Shop() : ShopFactory(settings: null, services: services =>
    {
        AddStoreInterceptor(services, Hold);
        AddStoreInterceptor(services, LoseAnswer);
        AddStoreInterceptor(services, LoseChoices);
    })
    {
        public static readonly HoldingInterceptor Hold = new();

        /// <summary>The order commits, then keeping its answer fails.</summary>
        public static readonly FailingCommandInterceptor LoseAnswer = new(
            sql => sql.Contains("UPDATE \"IdempotencyRecords\"", StringComparison.Ordinal) && sql.Contains("\"StatusCode\"", StringComparison.Ordinal),
            "The store failed while keeping the answer.");

        /// <summary>The order commits, then recording a save-my-details choice fails.</summary>
        public static readonly FailingCommandInterceptor LoseChoices = new(
            sql => sql.Contains("INSERT INTO \"ConsentRecords\"", StringComparison.Ordinal), "The store failed while recording a choice.");
    }

    [Fact]
    public async Task A_guest_order_comes_back_with_its_access_token_and_is_read_again_with_it()
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Lamp", priceMinor: 2500, quantity: 2);

        using var placed = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var body = await OpenApiContract.AssertMatchesAsync(placed, "POST", "/api/v1/checkout");
        var order = body.GetProperty("order");
        var number = order.GetProperty("number").GetString()!;
        var token = body.GetProperty("accessToken").GetString()!;
        Assert.Equal($"/api/v1/orders/{number}", placed.Headers.Location?.OriginalString);
        Assert.Equal("awaitingPayment", order.GetProperty("status").GetString());
        Assert.Equal("50.00", order.GetProperty("subtotal").GetProperty("amount").GetString());
        Assert.EndsWith("Z", order.GetProperty("placedAt").GetString());
        Assert.Equal(3, await factory.StockOfAsync(product.Id));

        using var read = await ReadOrderAsync(app, number, token);
        var again = await OpenApiContract.AssertMatchesAsync(read, "GET", "/api/v1/orders/{number}");
        Assert.Equal(number, again.GetProperty("number").GetString());
        Assert.Equal("SW1A 1AA", again.GetProperty("shipTo").GetProperty("postalCode").GetString());
        Assert.Equal(order.GetProperty("placedAt").GetString(), again.GetProperty("placedAt").GetString()); // the moment as kept, to the digit

        // The cart was ordered: it is gone, as in the browser.
        using var gone = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{cart.Id}").WithSecret(cart.Secret));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Another_token_or_none_does_not_open_an_order()
    {
        var (app, first, _) = await PlacedOrderAsync();
        var (_, second, secondToken) = await PlacedOrderAsync();

        using var wrongToken = await ReadOrderAsync(app, first, secondToken);
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(wrongToken, "GET", "/api/v1/orders/{number}"));
        using var unknown = await ReadOrderAsync(app, "SW-NOTHING1", secondToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var noToken = await app.GetAsync($"/api/v1/orders/{second}");
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(noToken, "GET", "/api/v1/orders/{number}"));
    }

    [Fact]
    public async Task The_same_key_and_body_replay_the_first_answer_and_another_body_is_a_422()
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Replay");
        var key = Guid.NewGuid().ToString();

        using var first = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
        using var retry = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        await OpenApiContract.AssertMatchesAsync(retry, "POST", "/api/v1/checkout");
        Assert.Equal(4, await factory.StockOfAsync(product.Id)); // one order, not two
        var number = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("order").GetProperty("number").GetString();
        Assert.Equal(1, await factory.WithDbAsync(db => db.Orders.CountAsync(o => o.Number == number)));

        using var otherBody = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart, email: "someone.else@example.com"), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Equal("https://shopweb.example/problems/idempotency-key-reused", await ApiSteps.ProblemTypeAsync(otherBody, "POST", "/api/v1/checkout"));
    }

    [Fact]
    public async Task A_retry_after_a_failure_that_came_once_the_order_was_placed_gets_that_order_and_places_no_other()
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Lost Answer");
        var key = Guid.NewGuid().ToString();
        var email = AccountSteps.NewEmail("lost-answer");

        // The order commits, then keeping its answer fails (the store, or an app that gave up and left).
        using (Shop.LoseAnswer.Next())
        {
            using var failed = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart, email: email), key);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using var retry = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart, email: email), key);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var body = await OpenApiContract.AssertMatchesAsync(retry, "POST", "/api/v1/checkout");
        var number = body.GetProperty("order").GetProperty("number").GetString()!;
        Assert.Equal([number], await factory.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.Number).ToListAsync()));
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
        using var read = await ReadOrderAsync(app, number, body.GetProperty("accessToken").GetString()!); // the guest has the order's token
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var again = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart, email: email), key);
        Assert.Equal(await retry.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_retry_of_a_signed_in_checkout_that_failed_after_its_order_applies_the_save_my_details_choices()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Checkout Choice", stock: 5);
        var (email, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        (await app.PostAsync("/api/v1/me/cart/lines", System.Net.Http.Json.JsonContent.Create(new { productSlug = product.Slug, quantity = 1 }))).EnsureSuccessStatusCode();
        var body = ApiSteps.SignedInCheckoutBody(saveContact: true, saveAddresses: null);
        var key = Guid.NewGuid().ToString();
        using (Shop.LoseChoices.Next())
        {
            using var failed = await app.SignedInCheckoutAsync(body, key);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using var retry = await app.SignedInCheckoutAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Orders.CountAsync(o => o.UserId == db.Users.Single(u => u.Email == email).Id)));
        var profile = JsonDocument.Parse(await (await app.GetAsync("/api/v1/me")).Content.ReadAsStringAsync()).RootElement;
        Assert.True(profile.GetProperty("choices").GetProperty("contactDetails").GetBoolean());
        Assert.Equal("App Shopper", profile.GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task The_same_key_while_the_first_request_still_runs_is_a_409_and_then_gets_the_first_answer()
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Slow");
        var key = Guid.NewGuid().ToString();

        Task<HttpResponseMessage> first;
        using (Shop.Hold.Next())
        {
            first = app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
            await Shop.Hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));
            using var meanwhile = await factory.CreateApiClient().CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
            Assert.Equal(HttpStatusCode.Conflict, meanwhile.StatusCode);
            Assert.Equal("https://shopweb.example/problems/idempotency-key-in-progress", await ApiSteps.ProblemTypeAsync(meanwhile, "POST", "/api/v1/checkout"));
        }

        using var placed = await first;
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using var after = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(await placed.Content.ReadAsStringAsync(), await after.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(1, HttpStatusCode.Conflict)]
    [InlineData(3, HttpStatusCode.Created)]
    public async Task A_first_request_that_never_finished_holds_its_key_for_two_minutes_then_a_retry_takes_it_over(int minutesAgo, HttpStatusCode expected)
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Abandoned");
        var key = Guid.NewGuid().ToString();
        var body = ApiSteps.CheckoutBody(cart);

        // What an instance that died while placing this very order leaves behind: the key claimed, no answer.
        var options = factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var request = JsonSerializer.Deserialize<CheckoutRequest>(JsonSerializer.Serialize(body), options)!;
        await factory.WithDbAsync(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Caller = "cart:" + GuestCartKeys.OwnerOf(cart.Id, cart.Secret)!.GuestKey,
                Key = key,
                Fingerprint = IdempotentRequests.Fingerprint(request, options),
                StartedAt = factory.Clock.GetUtcNow().AddMinutes(-minutesAgo),
            });
            return await db.SaveChangesAsync();
        });

        using var retry = await app.CheckoutAsync(cart, body, key);
        Assert.Equal(expected, retry.StatusCode);
        await OpenApiContract.AssertMatchesAsync(retry, "POST", "/api/v1/checkout");
        Assert.Equal(expected == HttpStatusCode.Created ? 4 : 5, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task A_missing_key_or_invalid_fields_are_a_400_naming_each_and_nothing_is_ordered()
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Invalid");

        using var noKey = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), idempotencyKey: null);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(noKey, "POST", "/api/v1/checkout"));
        Assert.True(JsonDocument.Parse(await noKey.Content.ReadAsStringAsync()).RootElement.Errors().TryGetProperty("Idempotency-Key", out _));

        using var invalid = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart, email: "not an email", postalCode: "!!"), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await OpenApiContract.AssertMatchesAsync(invalid, "POST", "/api/v1/checkout")).Errors();
        Assert.Equal(["address.postalCode", "email"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(["Enter an email address such as name@example.com."], errors.GetProperty("email").EnumerateArray().Select(m => m.GetString())); // once, not per rule
        Assert.Equal("Use letters, digits, spaces and hyphens only.", errors.GetProperty("address.postalCode")[0].GetString());

        var unknownCountry = ApiSteps.CheckoutBody(cart);
        ((Dictionary<string, object?>)unknownCountry["address"]!)["country"] = "XX";
        using var country = await app.CheckoutAsync(cart, unknownCountry, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, country.StatusCode);
        var countryErrors = (await OpenApiContract.AssertMatchesAsync(country, "POST", "/api/v1/checkout")).Errors();
        Assert.Equal("Choose a country from the list.", Assert.Single(countryErrors.EnumerateObject()).Value[0].GetString());

        var hidden = ApiSteps.CheckoutBody(cart);
        hidden["fullName"] = "\u202E\u0000x";
        using var control = await app.CheckoutAsync(cart, hidden, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        var controlErrors = (await OpenApiContract.AssertMatchesAsync(control, "POST", "/api/v1/checkout")).Errors();
        Assert.Equal(("fullName", "Remove the invisible control characters from this field."),
            Assert.Single(controlErrors.EnumerateObject()) is var e ? (e.Name, e.Value[0].GetString()) : default);
        Assert.Equal(5, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task A_wrong_secret_is_a_404_a_sold_out_line_a_409_and_an_empty_cart_a_422_and_each_frees_the_key()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Checkout Scarce", stock: 2);
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();
        var other = await app.CreateCartAsync();
        (await app.AddLineAsync(cart, product.Slug, 2)).EnsureSuccessStatusCode();
        var key = Guid.NewGuid().ToString();

        using var wrongSecret = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key, secret: other.Secret);
        Assert.Equal(HttpStatusCode.NotFound, wrongSecret.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(wrongSecret, "POST", "/api/v1/checkout"));

        // Someone else buys one meanwhile: two are no longer there.
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Stock, 1)));
        using var soldOut = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
        Assert.Equal(HttpStatusCode.Conflict, soldOut.StatusCode);
        Assert.Equal("https://shopweb.example/problems/sold-out", await ApiSteps.ProblemTypeAsync(soldOut, "POST", "/api/v1/checkout"));

        // The app fixes the cart and retries with the same key: the failure did not keep it.
        using var fixedCart = await app.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/carts/{cart.Id}/lines/{product.Slug}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { quantity = 1 }),
        }.WithSecret(cart.Secret));
        fixedCart.EnsureSuccessStatusCode();
        using var placed = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);

        using var empty = await app.CheckoutAsync(other, ApiSteps.CheckoutBody(other), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("https://shopweb.example/problems/empty-cart", await ApiSteps.ProblemTypeAsync(empty, "POST", "/api/v1/checkout"));
    }

    [Fact]
    public async Task An_expected_subtotal_that_no_longer_holds_is_a_409_naming_the_new_one_and_orders_nothing()
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Repriced", priceMinor: 2500, quantity: 2);
        await factory.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.PriceMinor, 3900)));
        var body = ApiSteps.CheckoutBody(cart);
        body["expectedSubtotal"] = "50.00"; // what the shopper was shown

        using var refused = await app.CheckoutAsync(cart, body, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/prices-changed", await ApiSteps.ProblemTypeAsync(refused, "POST", "/api/v1/checkout"));
        Assert.Contains("now come to 78.00 EUR, not 50.00", await refused.Content.ReadAsStringAsync());
        Assert.Equal(5, await factory.StockOfAsync(product.Id));

        // The app shows the cart again and sends what it shows now: ordered at it.
        body["expectedSubtotal"] = "78.00";
        using var placed = await app.CheckoutAsync(cart, body, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);

        body["expectedSubtotal"] = "lots";
        using var unreadable = await app.CheckoutAsync(cart, body, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("expectedSubtotal", await unreadable.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_line_taken_off_sale_since_it_went_in_the_cart_is_a_422_naming_it_not_a_sold_out()
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Withdrawn");
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.IsOnSale, false)));

        using var refused = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/product-unavailable", await ApiSteps.ProblemTypeAsync(refused, "POST", "/api/v1/checkout"));
        Assert.Contains("Checkout Withdrawn is no longer on sale", await refused.Content.ReadAsStringAsync());
        Assert.Equal(5, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task A_key_is_remembered_for_24_hours_and_then_starts_afresh()
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Forgotten");
        var key = Guid.NewGuid().ToString();
        using var first = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        factory.Clock.Advance(TimeSpan.FromHours(23));
        using var replayed = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);

        // Forgotten: the same request is now a new one, for a cart that was ordered and is gone.
        factory.Clock.Advance(TimeSpan.FromHours(2));
        using var afresh = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
        Assert.Equal(HttpStatusCode.NotFound, afresh.StatusCode);
    }

    [Fact]
    public async Task Keys_are_kept_per_caller_so_two_carts_may_use_the_same_key()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Checkout Shared Key", stock: 5);
        var app = factory.CreateApiClient();
        var key = Guid.NewGuid().ToString();
        var numbers = new List<string>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var cart = await app.CreateCartAsync();
            (await app.AddLineAsync(cart, product.Slug)).EnsureSuccessStatusCode();
            using var placed = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), key);
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            numbers.Add(JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement.GetProperty("order").GetProperty("number").GetString()!);
        }

        Assert.Equal(2, numbers.Distinct().Count());
    }

    private async Task<(HttpClient App, string Number, string Token)> PlacedOrderAsync()
    {
        var (product, app, cart) = await GuestCartOfAsync("Checkout Any");
        using var placed = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), Guid.NewGuid().ToString());
        var body = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement;
        return (app, body.GetProperty("order").GetProperty("number").GetString()!, body.GetProperty("accessToken").GetString()!);
    }

    /// <summary>A new product of its own, in a guest cart an app made, <paramref name="quantity"/> of it.</summary>
    private async Task<(Product Product, HttpClient App, ApiSteps.GuestCart Cart)> GuestCartOfAsync(string name, long priceMinor = 1000, int stock = 5, int quantity = 1)
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), name, priceMinor: priceMinor, stock: stock);
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();
        (await app.AddLineAsync(cart, product.Slug, quantity)).EnsureSuccessStatusCode();
        return (product, app, cart);
    }

    private static Task<HttpResponseMessage> ReadOrderAsync(HttpClient app, string number, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{number}");
        request.Headers.Add("Order-Token", token);
        return app.SendAsync(request);
    }
}

/// <summary>Holds the next order insert until released, so a test can act while a checkout is in the middle of its transaction.</summary>
public sealed class HoldingInterceptor : DbCommandInterceptor
{
    private TaskCompletionSource? release;

    public SemaphoreSlim Reached { get; } = new(0);

    public IDisposable Next()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref release, gate);
        return new Releaser(gate);
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await HoldAsync(command);
        return result;
    }

    private async Task HoldAsync(DbCommand command)
    {
        if (command.CommandText.Contains("INSERT INTO \"Orders\"", StringComparison.Ordinal) && Interlocked.Exchange(ref release, null) is { } gate)
        {
            Reached.Release();
            await gate.Task;
        }
    }

    private sealed class Releaser(TaskCompletionSource gate) : IDisposable
    {
        public void Dispose() => gate.TrySetResult();
    }
}

/// <summary>Fails the next store command that matches, as a store error or an app that gave up would end a request there.</summary>
public sealed class FailingCommandInterceptor(Func<string, bool> fails, string message) : DbCommandInterceptor
{
    private int armed;

    /// <summary>The next matching command fails, and only that one.</summary>
    public IDisposable Next()
    {
        Interlocked.Exchange(ref armed, 1);
        return new Disarm(this);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        FailIfArmed(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        FailIfArmed(command, result);

    private ValueTask<T> FailIfArmed<T>(DbCommand command, T result) =>
        fails(command.CommandText) && Interlocked.Exchange(ref armed, 0) == 1 ? throw new InvalidOperationException(message) : ValueTask.FromResult(result);

    private sealed class Disarm(FailingCommandInterceptor owner) : IDisposable
    {
        public void Dispose() => Interlocked.Exchange(ref owner.armed, 0);
    }
}
