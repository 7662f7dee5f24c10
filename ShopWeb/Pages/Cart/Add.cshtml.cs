using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Infrastructure;
using ShopWeb.Ordering;

namespace ShopWeb.Pages.Cart;

/// <summary>
/// "Add to cart" from a product page. Every visitor's post brings their antiforgery token, anonymous ones included:
/// their page is cached and shared, and its token is filled in per response (AntiforgeryHole). A post the browser
/// says came from another site is refused before the token is even read.
/// </summary>
[SameOriginPost]
public sealed class AddModel(ShoppingCart cart) : PageModel
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

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnPostAsync(int variantId, int quantity = 1)
    {
        if (!ModelState.IsValid)
        {
            (StatusMessage, StatusIsWarning) = ($"Choose a quantity between 1 and {ShoppingCart.MaxQuantity}.", true);
            return RedirectToPage("Index");
        }

        var change = await cart.AddAsync(CartOwner.Ensure(HttpContext), variantId, quantity);
        if (change.Result == CartChangeResult.TooManyCarts)
        {
            Refusal = change.Message;
            // Said here, not on the cart page: a client that starts cart after cart keeps no cookie to carry the message.
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = GuestCartLimit.RetryAfterSeconds;
            CartOwner.Forget(HttpContext);
            return Page();
        }

        (StatusMessage, StatusIsWarning) = (change.Message, change.Result == CartChangeResult.Done ? null : true);
        return RedirectToPage("Index");
    }
}
