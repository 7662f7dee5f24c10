using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Checkout;

public sealed class ConcurrencyTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Fifty_shoppers_racing_for_ten_units_buy_exactly_ten_and_the_rest_are_told_it_sold_out()
    {
        var category = await factory.CreateCategoryAsync();
        var lamp = await factory.CreateProductAsync(category, "Last Lamp", priceMinor: 2500, stock: 10);
        var shoppers = Enumerable.Range(0, 50).Select(_ => factory.CreateBrowser()).ToList();
        try
        {
            var forms = new List<HtmlPage>();
            foreach (var shopper in shoppers)
            {
                await shopper.AddToCartAsync(lamp);
                forms.Add(await shopper.GetAsync("/checkout"));
            }

            var results = await Task.WhenAll(shoppers.Select((shopper, i) =>
                shopper.SubmitAsync(forms[i], "#checkout", CheckoutSteps.GuestFields($"racer{i}-{lamp.Slug}@example.com"), button: "Place order")));

            Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            Assert.Equal(10, results.Count(r => r.Heading == "Thank you for your order"));
            var soldOut = results.Where(r => r.Heading == "Checkout").ToList();
            Assert.Equal(40, soldOut.Count);
            Assert.All(soldOut, r => Assert.Contains("Last Lamp has just sold out", r.Find("[role=alert]")?.TextContent));
            Assert.Equal(0, await factory.StockOfAsync(lamp.Id));
            Assert.Equal(10, await factory.WithDbAsync(db => db.OrderLines.Where(l => l.ProductId == lamp.Id).SumAsync(l => l.Quantity)));
        }
        finally
        {
            shoppers.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Fifty_shoppers_racing_for_a_variant_with_ten_units_buy_exactly_ten_and_its_other_variants_keep_their_stock()
    {
        var category = await factory.CreateCategoryAsync();
        var (tee, variants) = await factory.CreateVariantProductAsync(category, "Race Tee",
            [("Size", ["S", "M", "L"]), ("Colour", ["Red", "Blue"])], stockOf: text => text == "M / Blue" ? 10 : 7, priceMinor: 1900);
        var mBlue = variants.Single(v => v.OptionText == "M / Blue");
        var shoppers = Enumerable.Range(0, 50).Select(_ => factory.CreateBrowser()).ToList();
        try
        {
            var forms = new List<HtmlPage>();
            foreach (var shopper in shoppers)
            {
                await shopper.AddVariantToCartAsync(tee, mBlue);
                forms.Add(await shopper.GetAsync("/checkout"));
            }

            var results = await Task.WhenAll(shoppers.Select((shopper, i) =>
                shopper.SubmitAsync(forms[i], "#checkout", CheckoutSteps.GuestFields($"tee{i}-{tee.Slug}@example.com"), button: "Place order")));

            Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            Assert.Equal(10, results.Count(r => r.Heading == "Thank you for your order"));
            var soldOut = results.Where(r => r.Heading == "Checkout").ToList();
            Assert.Equal(40, soldOut.Count);
            Assert.All(soldOut, r => Assert.Contains("Race Tee (M / Blue) has just sold out", r.Find("[role=alert]")?.TextContent));
            var stock = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == tee.Id).ToDictionaryAsync(v => v.Id, v => v.Stock));
            Assert.Equal(0, stock[mBlue.Id]);
            Assert.All(variants.Where(v => v.Id != mBlue.Id), v => Assert.Equal(7, stock[v.Id]));
            var lines = await factory.WithDbAsync(db => db.OrderLines.Where(l => l.ProductId == tee.Id).ToListAsync());
            Assert.Equal(10, lines.Sum(l => l.Quantity));
            Assert.All(lines, l => Assert.Equal((mBlue.Id, mBlue.Sku, "M / Blue", 1900L), (l.VariantId!.Value, l.Sku, l.OptionText, l.UnitPriceMinor)));
        }
        finally
        {
            shoppers.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Shoppers_racing_for_two_products_put_in_their_carts_in_either_order_all_get_an_answer_and_no_unit_is_sold_twice()
    {
        var category = await factory.CreateCategoryAsync();
        var cup = await factory.CreateProductAsync(category, "Race Cup", priceMinor: 900, stock: 12);
        var saucer = await factory.CreateProductAsync(category, "Race Saucer", priceMinor: 700, stock: 12);
        var shoppers = Enumerable.Range(0, 20).Select(_ => factory.CreateBrowser()).ToList();
        try
        {
            var forms = new List<HtmlPage>();
            foreach (var (shopper, i) in shoppers.Select((s, i) => (s, i)))
            {
                // Half put the cup in first and half the saucer: each checkout takes both, in whatever order it goes.
                foreach (var product in i % 2 == 0 ? new[] { cup, saucer } : [saucer, cup])
                {
                    await shopper.AddToCartAsync(product);
                }

                forms.Add(await shopper.GetAsync("/checkout"));
            }

            var results = await Task.WhenAll(shoppers.Select((shopper, i) =>
                shopper.SubmitAsync(forms[i], "#checkout", CheckoutSteps.GuestFields($"pair{i}-{cup.Slug}@example.com"), button: "Place order")));

            Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            Assert.Equal(12, results.Count(r => r.Heading == "Thank you for your order"));
            Assert.Equal(8, results.Count(r => r.Heading == "Checkout"));
            Assert.Equal(0, await factory.StockOfAsync(cup.Id));
            Assert.Equal(0, await factory.StockOfAsync(saucer.Id));
            Assert.Equal(12, await factory.WithDbAsync(db => db.OrderLines.Where(l => l.ProductId == cup.Id).SumAsync(l => l.Quantity)));
            Assert.Equal(12, await factory.WithDbAsync(db => db.OrderLines.Where(l => l.ProductId == saucer.Id).SumAsync(l => l.Quantity)));
        }
        finally
        {
            shoppers.ForEach(s => s.Dispose());
        }
    }
}
