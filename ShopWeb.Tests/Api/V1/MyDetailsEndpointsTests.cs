using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

public sealed class MyDetailsEndpointsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private const string ContactChoice = "/api/v1/me/choices/contact-details";
    private const string AddressChoice = "/api/v1/me/choices/shipping-addresses";
    private const string ContactDetails = "/api/v1/me/contact-details";

    [Fact]
    public async Task A_choice_turned_on_is_in_the_ledger_with_the_profile_pages_words_and_the_place_app()
    {
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        var on = await app.PutAsJsonAsync(AddressChoice, new { on = true });

        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        var choices = await OpenApiContract.AssertMatchesAsync(on, "PUT", AddressChoice);
        Assert.True(choices.GetProperty("shippingAddresses").GetBoolean());
        Assert.False(choices.GetProperty("contactDetails").GetBoolean());
        var history = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/consent-history"), "GET", "/api/v1/me/consent-history");
        var newest = history[0];
        Assert.Equal("shippingAddresses", newest.GetProperty("choice").GetString());
        Assert.True(newest.GetProperty("on").GetBoolean());
        Assert.Equal("app", newest.GetProperty("place").GetString());
        Assert.Equal(
            "Save my shipping addresses. Keep the addresses I ship to on my account to fill in my next order. Off: you type the address at each order.",
            newest.GetProperty("wording").GetString());
        Assert.Equal("addresses-2026-11", newest.GetProperty("wordingVersion").GetString());
        Assert.EndsWith("Z", newest.GetProperty("recordedAt").GetString()); // UTC as the orders write it, not "+00:00"

        // The same choice again is no new decision, as on the profile page.
        await app.PutAsJsonAsync(AddressChoice, new { on = true });
        var again = await (await app.GetAsync("/api/v1/me/consent-history")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(history.GetArrayLength(), again.GetArrayLength());
    }

    [Fact]
    public async Task Contact_details_turned_off_are_erased_at_once_and_the_history_is_newest_first()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: false, fullName: "Zoë Martin", phone: "+33 6 12 34 56 78");
        var tokens = await AppSignIn.TokensForAsync(factory, email);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        var off = await app.PutAsJsonAsync(ContactChoice, new { on = false });

        var choices = await OpenApiContract.AssertMatchesAsync(off, "PUT", ContactChoice);
        Assert.False(choices.GetProperty("contactDetails").GetBoolean());
        var profile = await (await app.GetAsync("/api/v1/me")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("fullName").ValueKind);
        Assert.False(await factory.WithDbAsync(db => db.SavedContacts.AnyAsync(c => db.Users.Any(u => u.Id == c.UserId && u.Email == email))));
        var history = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/consent-history"), "GET", "/api/v1/me/consent-history");
        Assert.Equal(("contactDetails", false, "app"), Entry(history[0]));
        Assert.Equal(("contactDetails", true, "/account/profile"), Entry(history[1]));
    }

    [Fact]
    public async Task An_app_changes_the_saved_name_and_phone_only_while_the_shopper_saves_them()
    {
        var (email, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        var refused = await app.PutAsJsonAsync(ContactDetails, new { fullName = "Zoë Martin", phone = "+33 6 12 34 56 78" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/contact-details-not-saved", await ApiSteps.ProblemTypeAsync(refused, "PUT", ContactDetails));
        Assert.False(await factory.WithDbAsync(db => db.SavedContacts.AnyAsync(c => db.Users.Any(u => u.Id == c.UserId && u.Email == email))));

        await app.PutAsJsonAsync(ContactChoice, new { on = true });
        var invalid = await app.PutAsJsonAsync(ContactDetails, new { fullName = "Zoë Martin", phone = "call me" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await OpenApiContract.AssertMatchesAsync(invalid, "PUT", ContactDetails)).Errors().TryGetProperty("phone", out _));

        var saved = await OpenApiContract.AssertMatchesAsync(
            await app.PutAsJsonAsync(ContactDetails, new { fullName = "  Zoë Martin ", phone = "+33 6 12 34 56 78" }), "PUT", ContactDetails);
        Assert.Equal("Zoë Martin", saved.GetProperty("fullName").GetString());
        Assert.Equal("+33 6 12 34 56 78", saved.GetProperty("phone").GetString());
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);
        Assert.Equal("Zoë Martin", (await browser.GetAsync("/account/profile")).Find("#Input_Contact_FullName")?.GetAttribute("value"));

        // A name left out (or misspelt) is a mistake to say, not an erasure: the choice turned off erases.
        var nameless = await app.PutAsJsonAsync(ContactDetails, new { name = "Zoë", phone = "+33 6 12 34 56 78" });
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.True((await OpenApiContract.AssertMatchesAsync(nameless, "PUT", ContactDetails)).Errors().TryGetProperty("fullName", out _));
        Assert.Equal("Zoë Martin", (await (await app.GetAsync("/api/v1/me")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fullName").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"on\": null}")]
    public async Task A_choice_without_on_is_a_400_validation_problem_and_changes_nothing(string body)
    {
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        var response = await app.PutAsync(ContactChoice, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(response, "PUT", ContactChoice));
        Assert.True((await OpenApiContract.AssertMatchesAsync(response, "PUT", ContactChoice)).Errors().TryGetProperty("on", out var _));
        var history = await (await app.GetAsync("/api/v1/me/consent-history")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(history.EnumerateArray(), e => e.GetProperty("place").GetString() == "app");
    }

    [Fact]
    public async Task A_choice_that_is_not_json_is_a_400_problem()
    {
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        var response = await app.PutAsync(AddressChoice, new StringContent("{\"on\": \"yes\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("https://shopweb.example/problems/", await ApiSteps.ProblemTypeAsync(response, "PUT", AddressChoice));
    }

    [Fact]
    public async Task The_export_is_the_privacy_pages_download()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var tokens = await AppSignIn.TokensForAsync(factory, email);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        await app.PutAsJsonAsync(ContactChoice, new { on = true });

        var export = await app.PostAsync("/api/v1/me/data-export", null);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.True(export.Headers.CacheControl?.NoStore);
        var document = await OpenApiContract.AssertMatchesAsync(export, "POST", "/api/v1/me/data-export");
        Assert.Equal(email, document.GetProperty("account").GetProperty("email").GetString());
        var decision = document.GetProperty("consentHistory").EnumerateArray().Last();
        Assert.Equal("app", decision.GetProperty("page").GetString());
        Assert.Equal("on", decision.GetProperty("decision").GetString());
        Assert.EndsWith("Z", document.GetProperty("exportedAt").GetString()); // UTC as the orders write it, not "+00:00"

        // The same exporter as the page's: the same fields, whichever door asked.
        var page = await browser.SubmitAsync(await browser.GetAsync("/account/privacy"), "#download", new Dictionary<string, string>());
        var downloaded = JsonDocument.Parse(page.Body).RootElement;
        Assert.Equal(Names(downloaded), Names(document));
        Assert.Equal(downloaded.GetProperty("consentHistory").GetRawText(), document.GetProperty("consentHistory").GetRawText());
    }

    [Fact]
    public async Task Deleting_the_account_needs_a_sign_in_of_the_last_five_minutes_which_a_refresh_does_not_renew()
    {
        var (email, tokens) = await AppSignIn.NewShopperAsync(factory);
        factory.Clock.Advance(TimeSpan.FromMinutes(6));
        var refreshed = await AppSignIn.ReadTokensAsync(await AppSignIn.RefreshAsync(factory, tokens.RefreshToken!));
        using var app = AppSignIn.AppClient(factory, refreshed.AccessToken);

        var refused = await app.DeleteAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/fresh-sign-in-required", await ApiSteps.ProblemTypeAsync(refused, "DELETE", "/api/v1/me"));
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/api/v1/me")).StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task An_app_signed_in_through_a_browser_signed_in_long_ago_has_no_fresh_sign_in_until_prompt_login()
    {
        var (browser, email) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;
        factory.Clock.Advance(TimeSpan.FromMinutes(6));
        var pkce = Pkce.New();

        // The shop's cookie answers the authorize request at once: nobody typed a password just now.
        var redirect = Assert.IsType<Uri>(await AppSignIn.FollowAsync(browser, AppSignIn.AuthorizeUrl(pkce)));
        var tokens = await AppSignIn.ReadTokensAsync(await AppSignIn.RedeemAsync(factory, AppSignIn.CodeFrom(redirect), pkce.Verifier));
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        var refused = await app.DeleteAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/fresh-sign-in-required", await ApiSteps.ProblemTypeAsync(refused, "DELETE", "/api/v1/me"));
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));

        // prompt=login makes the shopper type the password again, in the same browser: that sign-in is fresh.
        var again = Pkce.New();
        var login = await browser.GetAsync(Assert.IsType<string>(await AppSignIn.FollowAsync(browser, AppSignIn.AuthorizeUrl(again) + "&prompt=login")));
        var signedIn = await browser.SubmitAsync(login, "#login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountSteps.Password,
        }, button: "Sign in");
        var code = AppSignIn.CodeFrom(Assert.IsType<Uri>(await AppSignIn.FollowAsync(browser, signedIn.Response)));
        var fresh = await AppSignIn.ReadTokensAsync(await AppSignIn.RedeemAsync(factory, code, again.Verifier));
        using var freshApp = AppSignIn.AppClient(factory, fresh.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await freshApp.DeleteAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Max_age_older_than_the_browser_sign_in_sends_the_shopper_to_sign_in_again_and_the_id_token_says_when()
    {
        var (browser, email) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;
        var signedInAt = factory.Clock.GetUtcNow().ToUnixTimeSeconds();
        factory.Clock.Advance(TimeSpan.FromMinutes(6));

        // A sign-in younger than max_age: straight back to the app, and the ID token says when it was.
        var young = Pkce.New();
        var straight = Assert.IsType<Uri>(await AppSignIn.FollowAsync(browser, AppSignIn.AuthorizeUrl(young) + "&max_age=3600"));
        var tokens = await AppSignIn.ReadTokensAsync(await AppSignIn.RedeemAsync(factory, AppSignIn.CodeFrom(straight), young.Verifier));
        Assert.InRange(AuthTime(tokens.IdToken!), signedInAt - 1, signedInAt + 1);

        // Older (max_age=0 is "now"): the sign-in page first, then back to the app once, not round again.
        var old = Pkce.New();
        var login = await browser.GetAsync(Assert.IsType<string>(await AppSignIn.FollowAsync(browser, AppSignIn.AuthorizeUrl(old) + "&max_age=0")));
        Assert.Equal("/account/login", login.Response.RequestMessage!.RequestUri!.AbsolutePath);
        var signedIn = await browser.SubmitAsync(login, "#login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountSteps.Password,
        }, button: "Sign in");
        var code = AppSignIn.CodeFrom(Assert.IsType<Uri>(await AppSignIn.FollowAsync(browser, signedIn.Response)));
        var fresh = await AppSignIn.ReadTokensAsync(await AppSignIn.RedeemAsync(factory, code, old.Verifier));
        var now = factory.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.InRange(AuthTime(fresh.IdToken!), now - 1, now);
        using var freshApp = AppSignIn.AppClient(factory, fresh.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await freshApp.GetAsync("/api/v1/me")).StatusCode);
    }

    private static long AuthTime(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='));
        return JsonDocument.Parse(json).RootElement.GetProperty("auth_time").GetInt64();
    }

    [Fact]
    public async Task Deleting_the_account_takes_the_emails_about_its_orders_and_its_checkouts_kept_answers_whatever_address_they_went_to()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Erased Lamp", priceMinor: 2500, stock: 5);
        var (email, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        (await app.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = product.Slug, quantity = 1 })).EnsureSuccessStatusCode();
        var body = ApiSteps.SignedInCheckoutBody(saveContact: false, saveAddresses: false); // sent to another address than the account's
        using var placed = await app.SignedInCheckoutAsync(body, Guid.NewGuid().ToString());
        var number = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order").GetProperty("number").GetString()!;
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        Assert.Equal(1, await factory.WithDbAsync(db => db.OutboxEmails.CountAsync(e => e.Subject.Contains(number))));
        Assert.Equal(1, await factory.WithDbAsync(db => db.IdempotencyRecords.CountAsync(r => r.ResponseBody!.Contains(number))));

        // While the order is on its way the account stays: a 409 names the order, which the shopper then cancels.
        using var refused = await app.DeleteAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        await OpenApiContract.AssertMatchesAsync(refused, "DELETE", "/api/v1/me");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ShopWeb.Api.ApiProblems.OrdersInProgress, problem.GetProperty("type").GetString());
        Assert.Contains(number, problem.GetProperty("detail").GetString());
        (await app.PostAsync($"/api/v1/me/orders/{number}/cancel", null)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent, (await app.DeleteAsync("/api/v1/me")).StatusCode);

        // The confirmation named the shopper and the address; the kept answer held them with the order's number.
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxEmails.CountAsync(e => e.Subject.Contains(number))));
        Assert.Equal(0, await factory.WithDbAsync(db => db.IdempotencyRecords.CountAsync(r => r.ResponseBody!.Contains(number) || r.Caller.Contains(userId))));
        Assert.StartsWith("deleted-", await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.FullName).SingleAsync()));
    }

    [Fact]
    public async Task A_fresh_sign_in_deletes_the_account_and_ends_every_app_sign_in()
    {
        var (email, older) = await AppSignIn.NewShopperAsync(factory);
        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        var fresh = await AppSignIn.ReadTokensAsync(await AppSignIn.RefreshAsync(factory, (await AppSignIn.TokensForAsync(factory, email)).RefreshToken!));
        using var app = AppSignIn.AppClient(factory, fresh.AccessToken);

        var deleted = await app.DeleteAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await OpenApiContract.AssertMatchesAsync(deleted, "DELETE", "/api/v1/me");
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.AccountDeletions.CountAsync(d => d.DeletedAt >= factory.Clock.GetUtcNow().AddMinutes(-1))));
        Assert.Equal(HttpStatusCode.Unauthorized, (await AppSignIn.MeAsync(factory, fresh.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AppSignIn.MeAsync(factory, older.AccessToken)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await AppSignIn.RefreshAsync(factory, older.RefreshToken!)).StatusCode);
    }

    [Theory]
    [InlineData("PUT", ContactChoice)]
    [InlineData("PUT", AddressChoice)]
    [InlineData("GET", "/api/v1/me/consent-history")]
    [InlineData("POST", "/api/v1/me/data-export")]
    [InlineData("DELETE", "/api/v1/me")]
    public async Task Without_a_token_each_is_a_401_problem(string method, string path)
    {
        using var app = AppSignIn.AppClient(factory);

        var response = await app.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "PUT" ? JsonContent.Create(new { on = true }) : null,
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ApiSteps.ProblemTypeAsync(response, method, path);
    }

    private static (string?, bool, string?) Entry(JsonElement e) =>
        (e.GetProperty("choice").GetString(), e.GetProperty("on").GetBoolean(), e.GetProperty("place").GetString());

    private static List<string> Names(JsonElement document) => document.EnumerateObject().Select(p => p.Name).ToList();
}
