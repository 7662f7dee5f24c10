using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

public sealed class AdminCustomersTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_customer_list_says_how_many_match_and_when_none_does()
    {
        var email = await factory.CreateAccountAsync();
        using var admin = await factory.SignedInAdminAsync();

        var found = await admin.GetAsync($"/admin/customers?q={Uri.EscapeDataString(email.Split('@')[0])}");
        Assert.Equal("1 customer, page 1 of 1", found.Find(".result-count")?.TextContent);

        var none = await admin.GetAsync("/admin/customers?q=zz-nobody-zz");
        Assert.Contains("No customer's email contains \"zz-nobody-zz\"", none.Find("#none-found")?.TextContent);
        Assert.Empty(none.Document.QuerySelectorAll("#customers tbody tr"));
    }

    [Fact]
    public async Task Personal_fields_are_masked_until_revealed_and_revealing_is_audited()
    {
        var (shopper, email) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        await shopper.SaveProfileAsync(saveContact: true, saveAddresses: false, "Zoë Martin", "+33 4 72 00 00 00");
        var id = await UserIdAsync(email);
        using var admin = await factory.SignedInAdminAsync();

        var page = await admin.GetAsync($"/admin/customers/{id}");
        Assert.DoesNotContain(email, page.Find("#personal")?.TextContent);
        Assert.DoesNotContain("Zoë Martin", page.Body);
        Assert.DoesNotContain(email, (await admin.GetAsync("/admin/customers")).Find("#customers")?.TextContent);

        var revealed = await admin.SubmitAsync(page, "#reveal", button: "Reveal personal details");
        Assert.Contains(email, revealed.Find("#personal")?.TextContent);
        Assert.Contains("Zoë Martin", revealed.Find("#personal")?.TextContent);
        var entry = await factory.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "customer.reveal" && a.EntityId == id));
        Assert.Equal(ShopFactory.AdminEmail, entry.ActorEmail);
    }

    [Fact]
    public async Task The_dashboards_new_customers_leave_out_the_accounts_that_run_the_shop()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" });
        using var admin = await shop.SignedInAdminAsync();
        Assert.Equal("0", (await admin.GetAsync("/admin")).Find("#new-customers")?.TextContent); // the admin alone

        using var newcomer = shop.CreateBrowser();
        await newcomer.RegisterAsync(AccountSteps.NewEmail());

        Assert.Equal("1", (await admin.GetAsync("/admin")).Find("#new-customers")?.TextContent);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_removed_and_an_admin_cannot_lock_themselves_out()
    {
        // A shop of its own: the other tests here make more admins.
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" });
        using var admin = await shop.SignedInAdminAsync();
        var adminId = await shop.WithDbAsync(db => db.Users.Where(u => u.Email == ShopFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        var page = await admin.GetAsync($"/admin/customers/{adminId}");

        var removal = await admin.SubmitAsync(page, "form[action$='handler=RemoveAdmin']");
        Assert.Contains("last admin", removal.Find("[role=status]")?.TextContent);
        var locking = await admin.SubmitAsync(page, "form[action$='handler=Lock']");
        Assert.Contains("cannot lock your own account", locking.Find("[role=status]")?.TextContent);
        Assert.NotNull((await admin.GetAsync("/admin")).Find("nav[aria-label=Admin]"));
    }

    [Fact]
    public async Task Locking_signs_the_customer_out_and_keeps_them_out_until_unlocked_and_granting_admin_is_audited()
    {
        var (shopper, email) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        var id = await UserIdAsync(email);
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/customers/{id}");

        page = await admin.SubmitAsync(page, "form[action$='handler=Lock']");
        Assert.Equal("Sign in", (await shopper.GetAsync("/account/profile")).Heading);
        var locked = await shopper.SignInAsync(email);
        Assert.Equal("Account locked", locked.Heading);
        Assert.Contains("The shop has locked this account", locked.Find("main")?.TextContent);
        Assert.DoesNotContain("9999", locked.Find("main")?.TextContent); // no countdown to the end of time
        // Without the password: the answers an unknown address gets, "not right" four times, then locked for a while.
        using var stranger = factory.CreateBrowser();
        var unknown = AccountSteps.NewEmail("nobody");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var guessed = await stranger.SignInAsync(email, "a guess");
            var nobody = await stranger.SignInAsync(unknown, "a guess");
            Assert.Equal(nobody.Heading, guessed.Heading);
            Assert.Equal(attempt < 5 ? "Sign in" : "Account locked", guessed.Heading);
            // The same words; the times in them may be a minute apart, the two locks being a moment apart.
            Assert.Equal(WithoutDigits(nobody.Find("main")!.TextContent.Replace(unknown, email, StringComparison.Ordinal)), WithoutDigits(guessed.Find("main")!.TextContent));
            Assert.DoesNotContain("The shop", guessed.Find("main")?.TextContent);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(id))!;
            for (var failure = 0; failure < 5; failure++)
            {
                await users.AccessFailedAsync(user); // as wrong passwords racing the lock would
            }
        }

        // A reset proves the mailbox, which lifts a lockout wrong passwords brought, never the shop's.
        var reset = await shopper.ResetPasswordAsync(factory, email, "a passphrase after the lock");
        Assert.Contains("The shop has locked this account, though", reset.Find("main")?.TextContent);
        Assert.Equal("Account locked", (await shopper.SignInAsync(email, "a passphrase after the lock")).Heading);
        Assert.Equal("Yes", (await admin.GetAsync($"/admin/customers/{id}")).Find("dt:contains('Locked') + dd")?.TextContent);

        page = await admin.SubmitAsync(page, "form[action$='handler=Unlock']");
        Assert.True((await shopper.SignInAsync(email, "a passphrase after the lock")).IsSignedIn());

        await admin.SubmitAsync(page, "form[action$='handler=GrantAdmin']");
        var actions = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["customer.lock", "customer.unlock", "customer.grant-admin"], actions);
    }

    [Fact]
    public async Task Two_admins_removing_each_other_at_once_always_leave_one_admin()
    {
        // A shop of its own, so that these two are its only admins.
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" });
        var other = await shop.CreateAccountAsync(AccountSteps.NewEmail("second-admin"));
        for (var round = 1; round <= 4; round++)
        {
            var firstId = await shop.MakeAdminAsync(ShopFactory.AdminEmail);
            var otherId = await shop.MakeAdminAsync(other);
            using var first = await shop.SignedInAdminAsync();
            using var second = shop.CreateBrowser();
            Assert.True((await second.SignInAsync(other)).IsSignedIn());
            var firstPage = await first.GetAsync($"/admin/customers/{otherId}");
            var secondPage = await second.GetAsync($"/admin/customers/{firstId}");

            var answers = await Task.WhenAll(
                first.SubmitAsync(firstPage, "form[action$='handler=RemoveAdmin']"),
                second.SubmitAsync(secondPage, "form[action$='handler=RemoveAdmin']"));

            Assert.All(answers, a => Assert.True((int)a.Status < 500, $"round {round}: {a.Status}"));
            Assert.Equal(1, await AdminCountAsync(shop));
        }

        var removals = await shop.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "customer.remove-admin"));
        Assert.Equal(4, removals);
    }

    [Fact]
    public async Task Removing_an_admin_role_twice_at_once_removes_it_once_and_fails_neither_time()
    {
        var email = await factory.CreateAccountAsync(AccountSteps.NewEmail("twice-admin"));
        var id = await factory.MakeAdminAsync(email);
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/customers/{id}");

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => admin.SubmitAsync(page, "form[action$='handler=RemoveAdmin']")));

        Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.OK, a.Status));
        Assert.Equal("No", (await admin.GetAsync($"/admin/customers/{id}")).Find("#security dd:last-of-type")?.TextContent);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "customer.remove-admin" && a.EntityId == id)));
        Assert.NotNull((await admin.GetAsync("/admin")).Find("nav[aria-label=Admin]"));
    }

    private static Task<int> AdminCountAsync(ShopFactory shop) => shop.WithDbAsync(db =>
        db.UserRoles.CountAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == ShopWeb.Admin.AdminBootstrap.Role)));

    private Task<string> UserIdAsync(string email) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private static string WithoutDigits(string text) => System.Text.RegularExpressions.Regex.Replace(text, "[0-9]", "");
}
