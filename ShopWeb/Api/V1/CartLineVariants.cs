using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Api.V1;

/// <summary>
/// Which variant a cart call names: its SKU, or, as before products had variants, the slug of a product sold one way
/// only. A slug cannot say which of several variants is meant, so it is refused (<see cref="ApiProblems.VariantRequired"/>)
/// rather than guessed. Anything that names no variant is variant 0, which the cart refuses as not on sale or not in it.
/// </summary>
internal static class CartLineVariants
{
    public sealed record Named(int VariantId, bool Ambiguous);

    /// <param name="onSaleOnly">Adding: a withdrawn product's slug names nothing, as it shows nothing. Changing a line: it still names the line.</param>
    public static async Task<Named> OfAsync(ShopDbContext db, string? sku, string? productSlug, bool onSaleOnly, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(sku))
        {
            var wanted = Catalog.Variants.VariantRules.CanonicalSku(sku);
            var bySku = await db.ProductVariants.Where(v => v.Sku == wanted).Select(v => v.Id).FirstOrDefaultAsync(cancellationToken);
            if (bySku != 0 || string.IsNullOrWhiteSpace(productSlug))
            {
                return new(bySku, Ambiguous: false);
            }
        }

        var slug = productSlug?.Trim().ToLowerInvariant() ?? "";
        var ofProduct = await db.ProductVariants.Where(v => v.Product!.Slug == slug && (!onSaleOnly || v.Product.IsPublished))
            .OrderBy(v => v.Id).Select(v => v.Id).Take(2).ToListAsync(cancellationToken); // ordered: EF warns of a Take without, with the path (a cart's id) in its log line
        return ofProduct.Count == 2 ? new(0, Ambiguous: true) : new(ofProduct.FirstOrDefault(), Ambiguous: false);
    }

    /// <summary>A line's route segment: its SKU (with a "/" in it sent as %2F, which the path keeps encoded), or its product's slug.</summary>
    public static string Segment(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult VariantRequired() => ApiProblems.Problem(
        StatusCodes.Status422UnprocessableEntity, ApiProblems.VariantRequired, "Choose a variant",
        "This product comes in several variants: name the one wanted by its sku (GET /api/v1/products/{slug} lists its variants).");
}
