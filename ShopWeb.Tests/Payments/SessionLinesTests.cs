using ShopWeb.Data;
using ShopWeb.Payments;

namespace ShopWeb.Tests.Payments;

/// <summary>
/// What the provider's hosted page lists: a cart may hold 100 lines, and with shipping and tax that is 102, past the
/// 100 items Stripe Checkout takes (it would refuse every attempt, and the order could never be paid).
/// </summary>
public sealed class SessionLinesTests
{
    [Theory]
    [InlineData(100, 490, 1900, 100)]
    [InlineData(100, 0, 0, 100)]
    [InlineData(99, 490, 0, 100)]
    [InlineData(98, 490, 1900, 100)]
    [InlineData(3, 490, 1900, 5)]
    public void The_hosted_page_gets_at_most_100_lines_adding_up_to_the_orders_total(int goods, long shipping, long tax, int expected)
    {
        var order = OrderOf(goods, shipping, tax);

        var lines = CardPayments.SessionLines(order);

        Assert.Equal(expected, lines.Count);
        Assert.Equal(order.TotalMinor, lines.Sum(l => l.UnitAmountMinor * l.Quantity));
        Assert.Equal(shipping > 0, lines.Any(l => l is { Name: "Shipping", UnitAmountMinor: var fee } && fee == shipping));
        Assert.Equal(tax > 0, lines.Any(l => l is { Name: "Tax", UnitAmountMinor: var due } && due == tax));
        var shown = lines.Where(l => l.Name.StartsWith("Item ", StringComparison.Ordinal)).ToList();
        var folded = lines.Where(l => l.Name.EndsWith(" more items", StringComparison.Ordinal)).ToList();
        Assert.Equal(goods, shown.Count + folded.Sum(l => int.Parse(l.Name.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 2));
    }

    [Fact]
    public void Two_variants_of_one_product_are_told_apart_on_the_hosted_page()
    {
        var order = OrderOf(0, 0, 0);
        order.Lines.Add(new OrderLine { ProductName = "Leather Gloves", ProductSlug = "gloves", OptionText = "M / Blue", Sku = "G-M-BLUE", UnitPriceMinor = 1500, Quantity = 2 });
        order.Lines.Add(new OrderLine { ProductName = "Leather Gloves", ProductSlug = "gloves", OptionText = "L / Red", Sku = "G-L-RED", UnitPriceMinor = 1500, Quantity = 1 });
        order.Lines.Add(new OrderLine { ProductName = "Enamel Mug", ProductSlug = "mug", UnitPriceMinor = 900, Quantity = 1 });

        Assert.Equal(["Leather Gloves (M / Blue)", "Leather Gloves (L / Red)", "Enamel Mug"], CardPayments.SessionLines(order).Select(l => l.Name));
    }

    /// <summary>An order of <paramref name="goods"/> lines, each 2 × €(line number).</summary>
    private static Order OrderOf(int goods, long shipping, long tax)
    {
        var lines = Enumerable.Range(1, goods).Select(n => new OrderLine { ProductName = $"Item {n}", ProductSlug = $"item-{n}", UnitPriceMinor = n * 100, Quantity = 2 }).ToList();
        var subtotal = lines.Sum(l => l.UnitPriceMinor * l.Quantity);
        return new Order
        {
            Number = "SW-LINES", AccessToken = "t", IdempotencyKey = "k", Currency = "EUR", Email = "a@example.com", FullName = "A", ShipName = "A",
            Line1 = "1 Street", City = "Town", PostalCode = "1", Country = "GB",
            Lines = lines, SubtotalMinor = subtotal, ShippingMinor = shipping, TaxMinor = tax, TotalMinor = subtotal + shipping + tax,
        };
    }
}
