using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// An app the API fuzz test sends as, from a client address of its own, with the real ids its operations need: a
/// guest cart, a guest order and a guest card order awaiting payment, and, signed in, an address, an order, a card order
/// and a cart of the shopper's. Before each request
/// it puts back what an earlier one used up (a cart ordered or emptied, an address deleted).
/// </summary>
public sealed class ApiFuzzActor(string name, ShopBrowser app, bool signedIn, Dictionary<string, string> ids)
{
    public string Name => name;
    public ShopBrowser App => app;
    public bool SignedIn => signedIn;

    /// <summary>A request to <paramref name="operation"/> that the shop accepts: real route values, headers and body.</summary>
    public async Task<ApiRequest> ValidRequestAsync(ApiOperation operation)
    {
        await RestoreAsync(operation.Template);
        var route = PageAddress.Parameters(operation.Template).ToDictionary(p => p, p => RouteValue(operation.Template, p));
        var request = new ApiRequest(operation, new PageAddress(operation.Template, route, new Dictionary<string, string>()))
        {
            Json = operation.BodySchema is { } schema ? ValidBody(schema) : null,
        };
        foreach (var header in operation.Parameters.Where(p => p.In == "header"))
        {
            request.Headers[header.Name] = HeaderValue(operation.Template, header.Name);
        }

        return request;
    }

    private string RouteValue(string template, string parameter) => parameter switch
    {
        "slug" => ids["slug"],
        "sku" => ids["sku"],
        "id" when template.StartsWith("/api/v1/carts/", StringComparison.Ordinal) => ids["cart"],
        "id" when template.StartsWith("/api/v1/me/addresses/", StringComparison.Ordinal) => ids.GetValueOrDefault("address", "1"),
        // A card order awaiting its payment, of its own: the cancel operation cancels the other one.
        "number" when template == "/api/v1/me/orders/{number}/payment" => ids.GetValueOrDefault("cardOrder", ids["guestCardOrder"]),
        "number" when template == "/api/v1/orders/{number}/payment" => ids["guestCardOrder"],
        "number" when template.StartsWith("/api/v1/me/orders/", StringComparison.Ordinal) => ids.GetValueOrDefault("order", ids["guestOrder"]),
        "number" => ids["guestOrder"],
        _ => throw new InvalidOperationException($"The API fuzz test knows no real value for {{{parameter}}} in {template}: add one to {nameof(ApiFuzzActor)}.{nameof(RouteValue)}."),
    };

    /// <summary>The header's real value; an Idempotency-Key is new each time, so that every checkout is a new one.</summary>
    private string HeaderValue(string template, string header) => header switch
    {
        "Cart-Secret" => ids["secret"],
        "Order-Token" when template == "/api/v1/orders/{number}/payment" => ids["guestCardToken"],
        "Order-Token" => ids["token"],
        "Idempotency-Key" => Guid.NewGuid().ToString(),
        "If-Match" => ids.GetValueOrDefault("etag", "\"none\""),
        _ => throw new InvalidOperationException($"The API fuzz test knows no real value for the header {header}: add one to {nameof(ApiFuzzActor)}.{nameof(HeaderValue)}."),
    };

    private JsonObject ValidBody(string schema) => schema switch
    {
        "AddCartLineRequest" => new JsonObject { ["sku"] = ids["sku"], ["quantity"] = 1 },
        "SetCartLineRequest" => new JsonObject { ["quantity"] = 2 },
        "MergeCartRequest" => new JsonObject { ["cartId"] = ids["cart"] },
        "ChoiceRequest" => new JsonObject { ["on"] = true },
        "ContactInput" => new JsonObject { ["fullName"] = "Ada Fuzz", ["phone"] = "+44 20 7946 0000" },
        "SaveAddressRequest" => Address(),
        "CheckoutRequest" => JsonSerializer.SerializeToNode(signedIn
            ? ApiSteps.SignedInCheckoutBody(saveContact: null, saveAddresses: null)
            : ApiSteps.CheckoutBody(new ApiSteps.GuestCart(ids["cart"], ids["secret"])))!.AsObject(),
        _ => throw new InvalidOperationException($"The API fuzz test knows no valid {schema}: add one to {nameof(ApiFuzzActor)}.{nameof(ValidBody)}."),
    };

    private static JsonObject Address() => new()
    {
        ["name"] = "Ada Fuzz", ["line1"] = "1 Analytical Row", ["city"] = "London", ["postalCode"] = "N1 9GU", ["country"] = "GB", ["makeDefault"] = false,
    };

    /// <summary>
    /// What the operation needs and an earlier request may have used up: a line in the cart it orders or changes, the
    /// address it changes, "Save my contact details" on for the details it saves.
    /// </summary>
    private async Task RestoreAsync(string template)
    {
        if (template.StartsWith("/api/v1/carts/{id}/lines", StringComparison.Ordinal) || template == "/api/v1/me/cart/merge" || (template == "/api/v1/checkout" && !signedIn))
        {
            await RestockGuestCartAsync();
        }
        else if (signedIn && (template.StartsWith("/api/v1/me/cart/lines", StringComparison.Ordinal) || template == "/api/v1/checkout"))
        {
            await CallAsync(HttpMethod.Post, "/api/v1/me/cart/lines", new { productSlug = ids["slug"], quantity = 1 });
        }
        else if (signedIn && template == "/api/v1/me/contact-details")
        {
            await CallAsync(HttpMethod.Put, "/api/v1/me/choices/contact-details", new { on = true });
        }
        else if (signedIn && template.StartsWith("/api/v1/me/addresses/{id}", StringComparison.Ordinal))
        {
            using var address = await app.Client.GetAsync($"/api/v1/me/addresses/{ids.GetValueOrDefault("address", "0")}");
            if (address.StatusCode == HttpStatusCode.OK)
            {
                ids["etag"] = address.Headers.ETag!.ToString();
                return;
            }

            // Off and on again: the addresses the fuzzed POSTs saved are erased, so the address book (20 at most) has room.
            await CallAsync(HttpMethod.Put, "/api/v1/me/choices/shipping-addresses", new { on = false });
            await CallAsync(HttpMethod.Put, "/api/v1/me/choices/shipping-addresses", new { on = true });
            using var added = await CallAsync(HttpMethod.Post, "/api/v1/me/addresses", Address());
            ids["address"] = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            ids["etag"] = added.Headers.ETag!.ToString();
        }
    }

    /// <summary>Puts the product in the guest cart, in a new cart when the old one was ordered or merged away.</summary>
    private async Task RestockGuestCartAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{ids["cart"]}/lines") { Content = JsonContent.Create(new { productSlug = ids["slug"], quantity = 1 }) };
        using var added = await app.Client.SendAsync(request.WithSecret(ids["secret"]));
        if (added.StatusCode == HttpStatusCode.NotFound)
        {
            var cart = await app.Client.CreateCartAsync();
            (ids["cart"], ids["secret"]) = (cart.Id, cart.Secret);
            using var line = await app.Client.AddLineAsync(cart, ids["slug"]);
        }
    }

    private async Task<HttpResponseMessage> CallAsync(HttpMethod method, string url, object body)
    {
        var response = await app.Client.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });
        Assert.True(response.IsSuccessStatusCode, $"{method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>An app without a token, with a guest cart holding a product and a guest order (its number and token).</summary>
    public static async Task<ApiFuzzActor> AnonymousAsync(ShopFactory factory)
    {
        var app = factory.CreateBrowser(followRedirects: false);
        var actor = new ApiFuzzActor("anonymous app", app, signedIn: false, await GuestOrderAsync(factory, app.Client));
        await actor.RestockGuestCartAsync();
        return actor;
    }

    /// <summary>An app with a new shopper's access token: the shopper has an address, an order and a cart, and a guest cart to merge.</summary>
    public static async Task<ApiFuzzActor> ShopperAsync(ShopFactory factory)
    {
        var (email, tokens) = await AppSignIn.NewShopperAsync(factory);
        var app = factory.CreateBrowser(followRedirects: false);
        var ids = await GuestOrderAsync(factory, app.Client);
        ids["email"] = email;
        app.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var actor = new ApiFuzzActor("shopper app", app, signedIn: true, ids);
        await actor.RestoreAsync("/api/v1/me/addresses/{id}");
        await actor.RestoreAsync("/api/v1/checkout");
        using (var placed = await app.Client.SignedInCheckoutAsync(ApiSteps.SignedInCheckoutBody(saveContact: true, saveAddresses: true), Guid.NewGuid().ToString()))
        {
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            ids["order"] = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order").GetProperty("number").GetString()!;
        }

        await actor.RestoreAsync("/api/v1/checkout");
        var card = ApiSteps.SignedInCheckoutBody(saveContact: null, saveAddresses: null);
        card["payment"] = "card";
        using (var placed = await app.Client.SignedInCheckoutAsync(card, Guid.NewGuid().ToString()))
        {
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            ids["cardOrder"] = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order").GetProperty("number").GetString()!;
        }

        await actor.RestoreAsync("/api/v1/checkout");
        await actor.RestockGuestCartAsync();
        return actor;
    }

    /// <summary>
    /// The shopper signs in again, and the app calls with the new token: deleting the account asks for a sign-in of the
    /// last 5 minutes (<c>RecentSignIn.Window</c>), and on a busy machine the inputs before it take longer than that.
    /// </summary>
    public async Task SignInAgainAsync(ShopFactory factory) =>
        app.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await AppSignIn.TokensForAsync(factory, ids["email"])).AccessToken);

    /// <summary>A product of the actor's own, and a guest order of it placed by <paramref name="client"/> without a token.</summary>
    private static async Task<Dictionary<string, string>> GuestOrderAsync(ShopFactory factory, HttpClient client)
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "App product " + Guid.NewGuid().ToString("N")[..6], stock: 100_000);
        var cart = await client.CreateCartAsync();
        using var added = await client.AddLineAsync(cart, product.Slug);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        using var placed = await client.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var body = await placed.Content.ReadFromJsonAsync<JsonElement>();

        // And a guest order by card, awaiting its payment (the fuzz test's shop takes cards through the Test provider).
        var cardCart = await client.CreateCartAsync();
        using var cardLine = await client.AddLineAsync(cardCart, product.Slug);
        var cardBody = ApiSteps.CheckoutBody(cardCart);
        cardBody["payment"] = "card";
        using var cardPlaced = await client.CheckoutAsync(cardCart, cardBody, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, cardPlaced.StatusCode);
        var card = await cardPlaced.Content.ReadFromJsonAsync<JsonElement>();
        return new Dictionary<string, string>
        {
            ["slug"] = product.Slug,
            ["sku"] = product.Variants.Single().Sku,
            ["guestOrder"] = body.GetProperty("order").GetProperty("number").GetString()!,
            ["token"] = body.GetProperty("accessToken").GetString()!,
            ["guestCardOrder"] = card.GetProperty("order").GetProperty("number").GetString()!,
            ["guestCardToken"] = card.GetProperty("accessToken").GetString()!,
            ["cart"] = cart.Id,
            ["secret"] = cart.Secret,
        };
    }
}
