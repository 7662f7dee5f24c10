using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Ordering;

namespace ShopWeb.Pages.Cart;

/// <summary>The cart. Handlers take only a product id and a quantity: price and stock are read from the store. Adding is /cart/add.</summary>
public sealed class IndexModel(ShoppingCart cart) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>
    /// True when the change did less than asked (the layout shows its message as a warning). Null otherwise, never
    /// false: a [TempData] property that is not null is written to the TempData cookie, and that cookie keeps the
    /// visitor's pages out of the page cache.
    /// </summary>
    [TempData]
    public bool? StatusIsWarning { get; set; }

    public CartView View { get; private set; } = CartView.Empty;

    public async Task OnGetAsync()
    {
        View = await cart.ViewAsync(CartOwner.Of(HttpContext));
        // Every change made from a page comes back here: the cookies are written again to count from this visit.
        CartOwner.Renew(HttpContext);
        CartCount.Write(HttpContext, View.Units);
    }

    public async Task<IActionResult> OnPostUpdateAsync(int variantId, int quantity)
    {
        if (!ModelState.IsValid)
        {
            return Refused($"Choose a quantity between 1 and {ShoppingCart.MaxQuantity}, or remove the item.");
        }

        var change = await cart.SetQuantityAsync(CartOwner.Of(HttpContext), variantId, quantity);
        (StatusMessage, StatusIsWarning) = (change.Message, change.Result == CartChangeResult.Done ? null : true);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int variantId)
    {
        StatusMessage = (await cart.RemoveAsync(CartOwner.Of(HttpContext), variantId)).Message;
        return RedirectToPage();
    }

    private RedirectToPageResult Refused(string message)
    {
        (StatusMessage, StatusIsWarning) = (message, true);
        return RedirectToPage();
    }
}
