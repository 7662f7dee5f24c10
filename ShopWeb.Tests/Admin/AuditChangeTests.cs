using ShopWeb.Admin;

namespace ShopWeb.Tests.Admin;

public sealed class AuditChangeTests
{
    [Fact]
    public void An_update_shows_only_the_fields_it_changed_with_amounts_as_money()
    {
        var changes = AuditChange.Of(
            """{"name":"Throw","priceMinor":6990,"isPublished":true,"archivedAt":null,"version":1}""",
            """{"name":"Throw","priceMinor":7200,"isPublished":false,"archivedAt":"2026-12-07T01:57:00+00:00","version":2}""",
            "EUR");

        Assert.Equal(["price: €69.90 → €72.00", "published: yes → no", "archived at: — → 2026-12-07T01:57:00+00:00"], changes.Select(c => c.ToString()));
    }

    [Fact]
    public void A_list_of_records_is_matched_by_id_and_each_is_named_by_its_sku()
    {
        var changes = AuditChange.Of(
            """[{"id":1,"sku":"TEE-S","priceMinor":null,"stock":3},{"id":2,"sku":"TEE-M","priceMinor":null,"stock":4}]""",
            """[{"id":2,"sku":"TEE-M","priceMinor":1550,"stock":4},{"id":3,"sku":"TEE-L","priceMinor":null,"stock":0},{"id":1,"sku":"TEE-S","priceMinor":null,"stock":3}]""",
            "EUR");

        Assert.Equal(["TEE-M · price: — → €15.50", "TEE-L: added"], changes.Select(c => c.ToString()));
        Assert.Equal(["TEE-S: deleted"], AuditChange.Of("""[{"id":1,"sku":"TEE-S"}]""", "[]", "EUR").Select(c => c.ToString()));
    }

    [Fact]
    public void A_created_or_deleted_record_lists_its_fields_and_an_order_counts_in_its_own_currency()
    {
        Assert.Equal(["name: — → Lamp", "price: — → €24.50", "sizes: — → S, M"],
            AuditChange.Of(null, """{"name":"Lamp","priceMinor":2450,"sizes":["S","M"]}""", "EUR").Select(c => c.ToString()));
        Assert.Equal(["currency: JPY → —", "refunded: ¥1,200 → —"],
            AuditChange.Of("""{"currency":"JPY","refundedMinor":1200}""", null, "EUR").Select(c => c.ToString()));
    }

    [Fact]
    public void What_is_not_json_is_shown_as_it_was_kept_and_a_long_value_is_cut()
    {
        Assert.Equal("record: not json → —", Assert.Single(AuditChange.Of("not json", null, "EUR")).ToString());
        var description = new string('x', 200);
        var change = Assert.Single(AuditChange.Of("""{"description":"short"}""", $$"""{"description":"{{description}}"}""", "EUR"));
        Assert.Equal(80, change.After.Length);
        Assert.EndsWith("…", change.After);
    }
}
