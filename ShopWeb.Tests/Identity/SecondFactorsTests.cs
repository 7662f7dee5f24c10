using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity;

/// <summary>Authenticator codes work once; recovery codes and the authenticator key are not in the store in the clear.</summary>
public sealed class SecondFactorsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_same_authenticator_code_is_accepted_once()
    {
        var (email, key, code) = await TwoFactorShopperAsync();

        // The code the set-up took does not sign in, though still within its window.
        using var browser = factory.CreateBrowser();
        var step = await browser.SignInAsync(email);
        var refused = await browser.SubmitAsync(step, "#two-factor", new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.False(refused.IsSignedIn());
        Assert.Contains("That code is not right", refused.Find("[data-valmsg-for='Input.Code']")?.TextContent);

        var next = Totp.Code(key, factory.Clock.GetUtcNow().AddSeconds(30));
        Assert.True((await browser.SubmitAsync(refused, "#two-factor", new Dictionary<string, string> { ["Input.Code"] = next })).IsSignedIn());

        using var second = factory.CreateBrowser();
        step = await second.SignInAsync(email);
        Assert.False((await second.SubmitAsync(step, "#two-factor", new Dictionary<string, string> { ["Input.Code"] = next })).IsSignedIn());
        Assert.False((await second.SubmitAsync(step, "#two-factor", new Dictionary<string, string> { ["Input.Code"] = code })).IsSignedIn());
    }

    [Fact]
    public async Task Recovery_codes_are_stored_hashed_and_each_works_once()
    {
        var (email, _, _) = await TwoFactorShopperAsync();
        var stored = await TokenAsync(email, "RecoveryCodes");
        Assert.Equal(10, stored.Split(';').Length);
        foreach (var code in codes)
        {
            Assert.DoesNotContain(code, stored, StringComparison.OrdinalIgnoreCase);
        }

        Assert.True((await RecoverAsync(email, codes[0])).IsSignedIn());
        Assert.False((await RecoverAsync(email, codes[0])).IsSignedIn());
        Assert.Equal(9, (await TokenAsync(email, "RecoveryCodes")).Split(';').Length);
    }

    [Fact]
    public async Task Recovery_codes_stored_in_the_clear_before_still_work_once_and_are_hashed_at_their_next_save()
    {
        var (email, _, _) = await TwoFactorShopperAsync();
        await factory.Store.ExecuteAsync($"""
            UPDATE "AspNetUserTokens" SET "Value" = 'AAAAA-11111;BBBBB-22222'
            WHERE "Name" = 'RecoveryCodes' AND "UserId" = (SELECT "Id" FROM "AspNetUsers" WHERE "Email" = '{email}')
            """);

        Assert.True((await RecoverAsync(email, "BBBBB-22222")).IsSignedIn());
        Assert.False((await RecoverAsync(email, "BBBBB-22222")).IsSignedIn());
        var stored = await TokenAsync(email, "RecoveryCodes");
        Assert.DoesNotContain("AAAAA", stored, StringComparison.Ordinal);
        Assert.True((await RecoverAsync(email, "AAAAA-11111")).IsSignedIn());
    }

    [Fact]
    public async Task The_authenticator_key_is_stored_encrypted_and_a_key_stored_in_the_clear_before_still_works()
    {
        var (email, key, _) = await TwoFactorShopperAsync();
        var plainKey = key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var stored = await TokenAsync(email, "AuthenticatorKey");
        Assert.DoesNotContain(plainKey, stored.ToUpperInvariant(), StringComparison.Ordinal);

        await factory.Store.ExecuteAsync($"""
            UPDATE "AspNetUserTokens" SET "Value" = '{plainKey}'
            WHERE "Name" = 'AuthenticatorKey' AND "UserId" = (SELECT "Id" FROM "AspNetUsers" WHERE "Email" = '{email}')
            """);
        using var browser = factory.CreateBrowser();
        var step = await browser.SignInAsync(email);
        var next = Totp.Code(key, factory.Clock.GetUtcNow().AddSeconds(30));
        Assert.True((await browser.SubmitAsync(step, "#two-factor", new Dictionary<string, string> { ["Input.Code"] = next })).IsSignedIn());
    }

    private List<string> codes = [];

    /// <returns>The shopper, the key the set-up page showed, and the code that turned two-factor on.</returns>
    private async Task<(string Email, string Key, string Code)> TwoFactorShopperAsync()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var setup = await browser.GetAsync("/account/security/authenticator");
        var key = setup.Find("#authenticator-key")!.TextContent;
        var code = Totp.Code(key, factory.Clock.GetUtcNow());
        var codesPage = await browser.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = code });
        codes = codesPage.Document.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, codes.Count);
        return (email, key, code);
    }

    private async Task<HtmlPage> RecoverAsync(string email, string code)
    {
        using var browser = factory.CreateBrowser();
        var step = await browser.SignInAsync(email);
        var recovery = await browser.GetAsync(step.Find("a[href^='/account/login/recovery']")!.GetAttribute("href")!);
        return await browser.SubmitAsync(recovery, "#recovery", new Dictionary<string, string> { ["Input.Code"] = code }, button: "Sign in");
    }

    private async Task<string> TokenAsync(string email, string name) => Assert.Single(await factory.Store.QueryAsync(
        $"""
        SELECT t."Value" FROM "AspNetUserTokens" t JOIN "AspNetUsers" u ON u."Id" = t."UserId"
        WHERE u."Email" = '{email}' AND t."LoginProvider" = '[AspNetUserStore]' AND t."Name" = '{name}'
        """, r => r.GetString(0)));
}
