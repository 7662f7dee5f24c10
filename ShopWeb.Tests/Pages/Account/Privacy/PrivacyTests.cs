using System.Net;
using System.Text.Json;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Privacy;

public sealed class PrivacyTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_privacy_page_shows_what_is_stored_now_and_every_decision()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: true, "Zoë Martin", "+33 4 72 00 00 00");
        await browser.AddAddressAsync();
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: false, "Zoë Martin", "+33 4 72 00 00 00");

        var page = await browser.GetAsync("/account/privacy");

        Assert.Contains("Zoë Martin", page.Find("#contact-heading")!.ParentElement!.TextContent);
        Assert.Contains("None stored.", page.Find("#addresses-heading")!.ParentElement!.TextContent);
        var rows = page.Document.QuerySelectorAll("table.ledger tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["Save my shipping addresses", "Off", "Profile"], rows[0][1..4]); // where, in words
        Assert.Contains("version addresses-2026-11", rows[0][4]);
        Assert.Contains(rows, r => r[1] == "Save my contact details" && r[2] == "On");
        Assert.Contains(email, page.Find("#account-heading")!.ParentElement!.TextContent);
    }

    [Fact]
    public async Task The_ledger_is_append_only_no_handler_changes_it_and_the_database_refuses_updates()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var privacy = await browser.SaveProfileAsync(saveContact: false, saveAddresses: true);
        var token = privacy.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        foreach (var handler in new[] { "Delete", "Edit", "Update", "DeleteRecord", "Clear" })
        {
            var response = await browser.Client.PostAsync($"/account/privacy?handler={handler}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["id"] = "1" }));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest, $"{handler}: {response.StatusCode}");
        }

        var update = await Record.ExceptionAsync(() => factory.WithDbAsync(db => db.ConsentRecords.ExecuteUpdateAsync(set => set.SetProperty(r => r.Granted, false))));
        Assert.Contains("append-only", Assert.IsAssignableFrom<DbException>(update).Message);
        var records = await factory.WithDbAsync(db => db.ConsentRecords.Where(r => db.Users.Any(u => u.Id == r.UserId && u.Email == email)).ToListAsync());
        Assert.True(Assert.Single(records).Granted);
    }

    [Fact]
    public async Task Download_my_data_is_a_post_returning_json_with_everything_about_this_shopper_and_nobody_else()
    {
        var (other, otherEmail) = await factory.SignedInShopperAsync();
        using var __ = other;
        await other.SaveProfileAsync(saveContact: true, saveAddresses: true, "Other Person", "+1 555 0100");
        await other.AddAddressAsync("99 Elsewhere Road", "Boston");
        var (browser, email) = await factory.SignedInShopperAsync(rememberMe: true);
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: true, "Zoë Martin", "+33 4 72 00 00 00");
        var privacy = await browser.AddAddressAsync();
        privacy = await browser.GetAsync("/account/privacy");

        var get = await browser.Client.GetAsync("/account/privacy/download");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);

        var download = await browser.SubmitAsync(privacy, "#download", button: "Download my data");
        Assert.Equal("application/json", download.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.True(download.Response.Headers.CacheControl?.NoStore);

        using var json = JsonDocument.Parse(download.Body);
        var root = json.RootElement;
        Assert.Equal(email, root.GetProperty("account").GetProperty("email").GetString());
        Assert.True(root.GetProperty("account").GetProperty("saveShippingAddresses").GetBoolean());
        Assert.Equal("Zoë Martin", root.GetProperty("contactDetails").GetProperty("fullName").GetString());
        Assert.Equal("12 Rue des Lilas", root.GetProperty("addresses")[0].GetProperty("line1").GetString());
        Assert.Equal(2, root.GetProperty("consentHistory").GetArrayLength());
        Assert.Equal("on", root.GetProperty("consentHistory")[0].GetProperty("decision").GetString());
        Assert.Contains("Save my", root.GetProperty("consentHistory")[0].GetProperty("wording").GetString());
        Assert.True(root.GetProperty("sessions").GetArrayLength() >= 1);
        Assert.True(root.GetProperty("sessions")[0].GetProperty("isPersistent").GetBoolean());
        Assert.DoesNotContain(otherEmail, download.Body);
        Assert.DoesNotContain("Other Person", download.Body);
        Assert.DoesNotContain("Elsewhere", download.Body);
        Assert.DoesNotContain("passwordHash", download.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("securityStamp", download.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_privacy_page_and_the_download_name_the_apps_and_passkeys_that_sign_in_as_the_shopper()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var before = await browser.GetAsync("/account/privacy");
        Assert.Equal("None.", before.Find("#privacy-apps")?.TextContent);
        Assert.Equal("None.", before.Find("#privacy-passkeys")?.TextContent);
        await factory.AddPasskeyAsync(email, "Work laptop");
        await AppSignIn.TokensForAsync(factory, email);

        var page = await browser.GetAsync("/account/privacy");

        Assert.StartsWith($"{AppSignIn.AppName}, each with when it signed in and was last used.", page.Find("#privacy-apps")?.TextContent);
        Assert.StartsWith("Work laptop, each with when it was added", page.Find("#privacy-passkeys")?.TextContent);
        var root = JsonDocument.Parse((await browser.SubmitAsync(page, "#download", button: "Download my data")).Body).RootElement;
        Assert.Equal(AppSignIn.AppName, Assert.Single(root.GetProperty("appSignIns").EnumerateArray()).GetProperty("app").GetString());
        Assert.Equal("Work laptop", Assert.Single(root.GetProperty("passkeys").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_privacy_page_also_names_the_orders_the_activity_the_cart_and_the_emails_kept_about_the_shopper()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Privacy Lamp", stock: 10);
        await browser.AddToCartAsync(product);
        await browser.CheckoutAsync(CheckoutSteps.GuestFields(email));
        await browser.AddToCartAsync(product, quantity: 2);

        var page = await browser.GetAsync("/account/privacy");

        Assert.StartsWith("1 order, each with its own copy of the name, email, phone and address", page.Find("#privacy-orders")?.TextContent);
        Assert.Matches(@"^\d+ entr(y|ies) \(sign-ins and security changes", page.Find("#privacy-activity")?.TextContent);
        Assert.StartsWith("2 items, kept until you order or remove them.", page.Find("#privacy-cart")?.TextContent);

        // The emails kept about them too (the order's confirmation carries its name and address), and the download lists them.
        var kept = await factory.WithDbAsync(db => ShopWeb.Email.EmailOutbox.OfAccount(db, db.Users.Single(u => u.Email == email).Id, email).CountAsync());
        Assert.True(kept >= 1);
        Assert.StartsWith($"{kept} email{(kept == 1 ? "" : "s")} (account links and notices, order emails with the order's name and address)", page.Find("#privacy-emails")?.TextContent);
        var download = await browser.SubmitAsync(page, "#download", button: "Download my data");
        var root = JsonDocument.Parse(download.Body).RootElement;
        var line = root.GetProperty("orders")[0].GetProperty("lines")[0];
        Assert.Equal("Privacy Lamp", line.GetProperty("productName").GetString());
        Assert.Equal(await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).Select(v => v.Sku).SingleAsync()), line.GetProperty("sku").GetString());
        var subjects = root.GetProperty("emails").EnumerateArray().Select(e => e.GetProperty("subject").GetString()).ToList();
        Assert.Equal(kept, subjects.Count);
        Assert.Contains(subjects, s => s!.StartsWith("Your order ", StringComparison.Ordinal));
    }

    [SqliteOnlyFact("it reads the SQLite file's bytes (PostgreSQL's deleted rows leave its files at the next vacuum)")]
    public async Task Details_turned_off_leave_no_bytes_behind_in_the_store_file()
    {
        var (browser, _) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var name = "Erasable " + Guid.NewGuid().ToString("N")[..10];
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: false, name, "+33 4 72 00 00 01");
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: false, "", "");

        // A copy of the files moments later, the log beside the file (where the old page images would be).
        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(StoreFilesHolding(name).Count == 0)), string.Join("; ", StoreFilesHolding(name)));
    }

    [SqliteOnlyFact("it reads the SQLite files' bytes (PostgreSQL's deleted rows leave its files at the next vacuum)")]
    public async Task A_deleted_account_leaves_no_bytes_of_its_details_or_its_address_behind_in_the_store_files()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var name = "Erasable " + Guid.NewGuid().ToString("N")[..10];
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: true, name, "+33 4 72 00 00 02");
        await browser.AddAddressAsync();

        var form = await browser.GetAsync("/account/delete");
        await browser.SubmitAsync(form, "#delete-account", new Dictionary<string, string> { ["Input.Password"] = AccountSteps.Password }, button: "Delete my account");
        Assert.Contains("Your account has been deleted", factory.Mail.LatestTo(email).Subject);
        Assert.True(await BackgroundJobs.UntilAsync(async () => !await factory.WithDbAsync(db => db.OutboxEmails.AnyAsync(e => e.To == email))),
            "the goodbye, once sent, is not kept");

        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(StoreFilesHolding(name, email).Count == 0)), string.Join("; ", StoreFilesHolding(name, email)));
    }

    /// <summary>The store's files (the database and its write-ahead log) that hold any of <paramref name="texts"/>, read as a copy would.</summary>
    private List<string> StoreFilesHolding(params string[] texts) =>
        [.. new[] { factory.DatabasePath, factory.DatabasePath + "-wal" }.Where(File.Exists)
            .SelectMany(file =>
            {
                using var copy = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var bytes = new MemoryStream();
                copy.CopyTo(bytes);
                return texts.Where(t => bytes.GetBuffer().AsSpan(0, (int)bytes.Length).IndexOf(System.Text.Encoding.UTF8.GetBytes(t)) >= 0)
                    .Select(t => $"{Path.GetFileName(file)} holds {t}").ToList();
            })];

    [Fact]
    public async Task Deleting_the_account_needs_the_password_erases_everything_personal_and_ends_the_session()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: true, "Zoë Martin", "+33 4 72 00 00 00");
        await browser.AddAddressAsync();
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var cookie = LogoutTests.SessionCookie(await browser.GetAsync("/"));

        var form = await browser.GetAsync("/account/delete");
        var refused = await browser.SubmitAsync(form, "#delete-account", new Dictionary<string, string> { ["Input.Password"] = "not my password" }, button: "Delete my account");
        Assert.Contains("Your account has not been deleted", refused.Find("[data-valmsg-for='Input.Password']")?.TextContent);
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == userId)));

        var deleted = await browser.SubmitAsync(refused, "#delete-account", new Dictionary<string, string> { ["Input.Password"] = AccountSteps.Password }, button: "Delete my account");
        Assert.Equal("Welcome to ShopWeb", deleted.Heading);
        Assert.Contains("Your account has been deleted", deleted.Find("[role=status]")?.TextContent);
        Assert.False(deleted.IsSignedIn());

        var left = await factory.WithDbAsync(async db => new[]
        {
            await db.Users.CountAsync(u => u.Id == userId || u.Email == email),
            await db.SavedContacts.CountAsync(c => c.UserId == userId),
            await db.SavedAddresses.CountAsync(a => a.UserId == userId),
            await db.ConsentRecords.CountAsync(r => r.UserId == userId),
            await db.UserSessions.CountAsync(s => s.UserId == userId),
        });
        Assert.All(left, count => Assert.Equal(0, count));
        var deletion = await factory.WithDbAsync(db => db.AccountDeletions.OrderBy(d => d.Id).LastAsync());
        Assert.StartsWith("deleted-", deletion.Marker);
        Assert.DoesNotContain(userId, deletion.Marker);

        using var thief = factory.CreateBrowser();
        thief.Client.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal("Sign in", (await thief.GetAsync("/account/profile")).Heading);
        Assert.False((await factory.CreateBrowser().SignInAsync(email)).IsSignedIn());
        Assert.Contains("Your account has been deleted", factory.Mail.LatestTo(email).Subject);
    }

    [Fact]
    public async Task Deleting_the_account_takes_its_emails_to_every_address_it_had_and_leaves_the_other_owners()
    {
        var oldEmail = await factory.CreateAccountAsync();
        var newEmail = AccountSteps.NewEmail("moved");
        var neverTaken = AccountSteps.NewEmail("never");
        var someoneElse = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(oldEmail);
        await browser.ChangeEmailAsync(newEmail);
        await browser.FollowEmailLinkAsync(factory, newEmail, "Confirm my new email", "#confirm-email-change", "Confirm my new email");
        await browser.ChangeEmailAsync(neverTaken); // a link sent to an address the account never took
        await browser.ChangeEmailAsync(someoneElse); // told to that address's owner, whose email it is
        var addresses = new[] { oldEmail, newEmail, neverTaken };
        Assert.Equal(3, await factory.WithDbAsync(db => db.OutboxEmails.Where(e => addresses.Contains(e.To)).Select(e => e.To).Distinct().CountAsync()));

        var form = await browser.GetAsync("/account/delete");
        await browser.SubmitAsync(form, "#delete-account", new Dictionary<string, string> { ["Input.Password"] = AccountSteps.Password }, button: "Delete my account");

        // The goodbye goes to the account's address, and once sent no email to any of its addresses is kept.
        Assert.Equal("Your account has been deleted – ShopWeb", factory.Mail.LatestTo(newEmail).Subject);
        Assert.True(await BackgroundJobs.UntilAsync(async () => !await factory.WithDbAsync(db => db.OutboxEmails.AnyAsync(e => addresses.Contains(e.To)))),
            "an email to one of the deleted account's addresses is still kept");
        Assert.Contains(factory.Mail.To(someoneElse), m => m.Subject?.StartsWith("Someone tried to use your email address", StringComparison.Ordinal) == true);
        Assert.True(await factory.WithDbAsync(db => db.OutboxEmails.AnyAsync(e => e.To == someoneElse)), "the other owner's email is theirs, not the deleted account's");
    }

    [Fact]
    public async Task A_week_later_a_remembered_shopper_finds_what_they_saved_and_one_who_saved_nothing_finds_nothing()
    {
        var (saver, saverEmail) = await factory.SignedInShopperAsync(rememberMe: true);
        using var _ = saver;
        await saver.SaveProfileAsync(saveContact: true, saveAddresses: true, "Zoë Martin", "+33 4 72 00 00 00");
        await saver.AddAddressAsync();
        var (nonSaver, nonSaverEmail) = await factory.SignedInShopperAsync(rememberMe: true);
        using var __ = nonSaver;
        await nonSaver.SaveProfileAsync(saveContact: false, saveAddresses: false, "Typed Once", "+1 555 0199");

        factory.Clock.Advance(TimeSpan.FromDays(7));
        try
        {
            var profile = await saver.GetAsync("/account/profile");
            Assert.True(profile.IsSignedIn());
            Assert.Equal("Zoë Martin", profile.Find("#Input_Contact_FullName")?.GetAttribute("value"));
            Assert.Contains("12 Rue des Lilas", (await saver.GetAsync("/account/addresses")).Find(".address")?.TextContent);

            var empty = await nonSaver.GetAsync("/account/profile");
            Assert.True(empty.IsSignedIn());
            Assert.Equal("", empty.Find("#Input_Contact_FullName")?.GetAttribute("value") ?? "");
            var stored = await factory.WithDbAsync(async db =>
            {
                var id = await db.Users.Where(u => u.Email == nonSaverEmail).Select(u => u.Id).SingleAsync();
                return await db.SavedContacts.CountAsync(c => c.UserId == id) + await db.SavedAddresses.CountAsync(a => a.UserId == id);
            });
            Assert.Equal(0, stored);
            Assert.DoesNotContain("Typed Once", (await nonSaver.GetAsync("/account/privacy")).Body);
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromDays(-7));
        }
    }
}
