using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

/// <summary>
/// An admin's change and its audit entry are saved together or not at all: with the audit table refusing new
/// entries (a trigger standing in for a full disk or a crash at the wrong moment), no change is made either.
/// </summary>
public sealed class AdminAuditTests : IDisposable
{
    private readonly ShopFactory shop = new(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" });

    [Fact]
    public void Every_action_the_shop_records_is_named_in_words_on_the_audit_page()
    {
        var source = Path.Combine(RepoPaths.Root, "ShopWeb");
        var code = new System.Text.RegularExpressions.Regex("\"((?:catalog|category|customer|email|order|product)\\.[a-z][a-z.-]*)\"");
        var recorded = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(source, file).Split(Path.DirectorySeparatorChar).Any(folder => folder is "bin" or "obj" or "Migrations" or "CompiledModels"))
            .SelectMany(file => code.Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.True(recorded.Count >= 20, $"found only {string.Join(", ", recorded)}");
        Assert.DoesNotContain(recorded, action => ShopWeb.Admin.AuditActions.Describe(action) is null);
        Assert.Empty(ShopWeb.Admin.AuditActions.Known.Except(recorded)); // no words for an action nothing records
    }

    [Fact]
    public async Task Customer_actions_are_made_with_their_audit_entry_or_not_at_all()
    {
        var email = await shop.CreateAccountAsync();
        var id = await shop.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var admin = await shop.SignedInAdminAsync();

        await RefuseAuditEntriesAsync(true);
        var page = await admin.GetAsync($"/admin/customers/{id}");
        Assert.Equal(HttpStatusCode.InternalServerError, (await admin.SubmitAsync(page, "form[action$='handler=GrantAdmin']")).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await admin.SubmitAsync(page, "form[action$='handler=Lock']")).Status);
        Assert.Equal(("No", "No"), await AdminAndLockedAsync(admin, id));

        await RefuseAuditEntriesAsync(false);
        page = await admin.SubmitAsync(page, "form[action$='handler=GrantAdmin']");
        page = await admin.SubmitAsync(page, "form[action$='handler=Lock']");
        Assert.Equal(("Yes", "Yes"), await AdminAndLockedAsync(admin, id));
        page = await admin.SubmitAsync(page, "form[action$='handler=RemoveAdmin']");
        Assert.Equal(("No", "Yes"), await AdminAndLockedAsync(admin, id));
        Assert.Equal(["customer.grant-admin", "customer.lock", "customer.remove-admin"], await ActionsOnAsync("User", id));
    }

    [Fact]
    public async Task Product_and_category_saves_are_made_with_their_audit_entry_or_not_at_all()
    {
        var category = await shop.CreateCategoryAsync();
        var product = await shop.CreateProductAsync(category, "Audited Lamp", priceMinor: 1000);
        using var admin = await shop.SignedInAdminAsync();
        var slug = CatalogSteps.Marker();

        await RefuseAuditEntriesAsync(true);
        Assert.Equal(HttpStatusCode.InternalServerError, (await EditPriceAsync(admin, product.Id, "12.50")).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await AddCategoryAsync(admin, slug)).Status);
        Assert.Equal(1000, await shop.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.PriceMinor).SingleAsync()));
        Assert.False(await shop.WithDbAsync(db => db.Categories.AnyAsync(c => c.Slug == slug)));

        await RefuseAuditEntriesAsync(false);
        Assert.Equal(HttpStatusCode.OK, (await EditPriceAsync(admin, product.Id, "12.50")).Status);
        Assert.Equal(HttpStatusCode.OK, (await AddCategoryAsync(admin, slug)).Status);
        Assert.Equal(1250, await shop.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.PriceMinor).SingleAsync()));
        var categoryId = await shop.WithDbAsync(db => db.Categories.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync());
        Assert.Equal(["product.update"], await ActionsOnAsync("Product", product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["category.create"], await ActionsOnAsync("Category", categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_log_is_filtered_by_whole_utc_days_and_a_date_that_names_no_day_is_said_back()
    {
        var action = "test.days-" + CatalogSteps.Marker();
        await shop.WithDbAsync(async db =>
        {
            foreach (var at in new[] { "2026-11-01T10:00:00Z", "2026-11-15T00:00:00Z", "2026-11-30T23:59:00Z" })
            {
                db.AuditEntries.Add(new ShopWeb.Data.AuditEntry
                {
                    At = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), ActorId = "a", ActorEmail = "admin@example.com",
                    Action = action, EntityType = "Product", EntityId = at[..10],
                });
            }

            return await db.SaveChangesAsync();
        });
        using var admin = await shop.SignedInAdminAsync();
        async Task<List<string>> RecordsAsync(string query) =>
            [.. (await admin.GetAsync($"/admin/audit?action={action}&{query}")).Document.QuerySelectorAll("#audit tbody tr").Select(r => r.Children[4].TextContent)];

        Assert.Equal(["Product 2026-11-30", "Product 2026-11-15"], await RecordsAsync("from=2026-11-15&to=2026-11-30"));
        Assert.Equal(["Product 2026-11-15", "Product 2026-11-01"], await RecordsAsync("to=2026-11-29"));
        var bad = await admin.GetAsync($"/admin/audit?action={action}&from=2026-13-45");
        Assert.Equal(3, bad.Document.QuerySelectorAll("#audit tbody tr").Length);
        Assert.Equal("From \"2026-13-45\" means nothing here, so the list is not filtered by it: give a date such as 2026-12-31.", bad.Find("#ignored-filters p")?.TextContent);
    }

    public void Dispose() => shop.Dispose();

    private async Task<HtmlPage> EditPriceAsync(ShopBrowser admin, int id, string price)
    {
        var page = await admin.GetAsync($"/admin/products/edit/{id}");
        return await admin.SubmitAsync(page, "#product", new Dictionary<string, string> { ["Input.Price"] = price });
    }

    private static async Task<HtmlPage> AddCategoryAsync(ShopBrowser admin, string slug)
    {
        var page = await admin.GetAsync("/admin/categories");
        return await admin.SubmitAsync(page, "#category", new Dictionary<string, string> { ["Input.Name"] = "Audited " + slug, ["Input.Slug"] = slug }, button: "Save category");
    }

    private static async Task<(string? Admin, string? Locked)> AdminAndLockedAsync(ShopBrowser admin, string id)
    {
        var facts = (await admin.GetAsync($"/admin/customers/{id}")).Document.QuerySelectorAll("#security dt")
            .ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling?.TextContent);
        return (facts["Admin"], facts["Locked"]);
    }

    private Task<List<string>> ActionsOnAsync(string entityType, string entityId) =>
        shop.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == entityType && a.EntityId == entityId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    private Task RefuseAuditEntriesAsync(bool refuse) => shop.WithDbAsync(db => db.Database.ExecuteSqlRawAsync((refuse, shop.Store.IsPostgres) switch
    {
        (true, false) => "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON AuditEntries BEGIN SELECT RAISE(ABORT, 'the audit log refuses entries'); END;",
        (false, false) => "DROP TRIGGER test_refuse_audit;",
        (true, true) => """CREATE TRIGGER test_refuse_audit BEFORE INSERT ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION "RefuseChange"('the audit log refuses entries');""",
        (false, true) => """DROP TRIGGER test_refuse_audit ON "AuditEntries";""",
    }));
}
