using System.Net.Http.Headers;
using System.Text;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>The admin's catalog CSV pages, driven as a browser does, and a product with options to export.</summary>
public static class CatalogCsvSteps
{
    public static async Task<string> ExportCatalogAsync(this ShopBrowser admin)
    {
        var page = await admin.GetAsync("/admin/products/export");
        var response = await admin.Client.GetAsync(page.Find("#download")!.GetAttribute("href"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
    }

    /// <summary>Uploads the file with the page's "Preview import" form (its antiforgery token and a multipart body).</summary>
    public static async Task<HtmlPage> PreviewImportAsync(this ShopBrowser admin, string csv, bool withToken = true)
    {
        var page = await admin.GetAsync("/admin/products/import");
        var form = page.Form("#upload");
        using var content = new MultipartFormDataContent();
        if (withToken)
        {
            var token = form.Elements.Single(e => e.GetAttribute("name") == "__RequestVerificationToken").GetAttribute("value")!;
            content.Add(new StringContent(token), "__RequestVerificationToken");
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        content.Add(file, "File", "catalog.csv");
        return await HtmlPage.ReadAsync(await admin.Client.PostAsync(form.Action, content));
    }

    public static async Task<HtmlPage> ApplyImportAsync(this ShopBrowser admin, HtmlPage preview) =>
        await admin.SubmitAsync(preview, "#apply", button: "Apply import");

    /// <summary>The problems the preview lists, as "line|column|message".</summary>
    public static IReadOnlyList<string> ImportProblems(this HtmlPage page) =>
        page.Document.QuerySelectorAll("#problems tbody tr")
            .Select(r => string.Join("|", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();

    /// <summary>A T-shirt in sizes and colours: two options, four variants, one with its own price and image.</summary>
    public static async Task<Product> CreateProductWithOptionsAsync(this ShopFactory factory, Category category, string name) =>
        await factory.WithDbAsync(async db =>
        {
            var product = new Product
            {
                Name = name,
                Slug = CatalogSteps.Marker(),
                Description = "Soft cotton, \"heavy\", and cut long,\nin two colours.",
                PriceMinor = 1990,
                CategoryId = category.Id,
                ImagePath = "/images/products/enamel-camping-mug.svg",
                CreatedAt = DateTimeOffset.UtcNow,
            };
            product.Options.Add(new ProductOption { Position = 0, Name = "Size", Values = ["S", "M"] });
            product.Options.Add(new ProductOption { Position = 1, Name = "Colour", Values = ["Blue", "-5 Red"] });
            var position = 0;
            foreach (var size in new[] { "S", "M" })
            {
                foreach (var colour in new[] { "Blue", "-5 Red" })
                {
                    product.Variants.Add(new ProductVariant
                    {
                        Sku = $"{product.Slug.ToUpperInvariant()}-{size}-{position}",
                        Option1 = size,
                        Option2 = colour,
                        Stock = position + 3,
                        Position = position,
                        PriceMinor = position == 3 ? 2490 : null,
                        ImagePath = position == 2 ? "/images/products/ceramic-bowls-set-of-4.svg" : null,
                        IsOnSale = position != 1,
                    });
                    position++;
                }
            }

            product.RefreshSearchText();
            db.Products.Add(product);
            await db.SaveChangesAsync();
            await factory.CatalogChangedAsync();
            return product;
        });
}
