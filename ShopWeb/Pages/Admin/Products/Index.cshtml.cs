using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Pages.Admin.Products;

public sealed class IndexModel(ShopDbContext db) : PageModel
{
    public const int PageSize = 20;

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "show")]
    public string? Show { get; set; }

    public int PageNumber { get; private set; } = 1;

    public int LastPage { get; private set; } = 1;

    public int Total { get; private set; }

    public IReadOnlyList<ProductRow> Products { get; private set; } = [];

    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public async Task OnGetAsync([FromQuery(Name = "page")] string? pageNumber)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToListAsync();
        var products = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = Search.Trim()[..Math.Min(Search.Trim().Length, 100)];
            var word = LikePattern.Containing(term.ToLowerInvariant());

            // A SKU as typed or in capitals (as proposed ones are), whole or its start: "TSHIRT-M" finds every TSHIRT-M-...
            var sku = term.ToUpperInvariant();
            products = products.Where(p => EF.Functions.Like(p.SearchText, word, LikePattern.Escape) || EF.Functions.Like(p.Slug, word, LikePattern.Escape)
                || p.Variants.Any(v => v.Sku.StartsWith(term) || v.Sku.StartsWith(sku)));
        }

        if (Categories.FirstOrDefault(c => c.Slug == Category) is { } category)
        {
            products = products.Where(p => p.CategoryId == category.Id);
        }

        products = Show switch
        {
            "published" => products.Where(p => p.IsPublished),
            "unpublished" => products.Where(p => !p.IsPublished && p.ArchivedAt == null),
            "archived" => products.Where(p => p.ArchivedAt != null),
            _ => products.Where(p => p.ArchivedAt == null),
        };
        Total = await products.CountAsync();
        LastPage = Paging.LastPage(Total, PageSize);
        PageNumber = Paging.Page(pageNumber, LastPage);
        // Sums, not the variants themselves: a product may have 2,048 of them.
        Products = await products.OrderBy(p => p.Name).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(p => new ProductRow(p.Id, p.Name, p.Category!.Name,
                p.Variants.Min(v => (long?)(v.PriceMinor ?? p.PriceMinor)) ?? p.PriceMinor, p.Variants.Max(v => (long?)(v.PriceMinor ?? p.PriceMinor)) ?? p.PriceMinor,
                p.Variants.Sum(v => v.Stock), p.Variants.Count, p.IsPublished, p.ArchivedAt != null))
            .ToListAsync();
    }

    public string PageUrl(int page) =>
        $"/admin/products?q={Uri.EscapeDataString(Search ?? "")}&category={Uri.EscapeDataString(Category ?? "")}&show={Uri.EscapeDataString(Show ?? "")}&page={page}";

    /// <param name="LowestMinor">The lowest of its variants' prices (their own, or the product's): what shoppers see as "from".</param>
    public sealed record ProductRow(int Id, string Name, string Category, long LowestMinor, long HighestMinor, int Stock, int VariantCount, bool IsPublished, bool IsArchived);
}
