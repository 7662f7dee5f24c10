using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Infrastructure;
using ShopWeb.Ordering;

namespace ShopWeb.Pages.Cart;

/// <summary>
/// "Add to cart" from a product page. That page is cached and shared by every anonymous visitor, so their form has no
/// antiforgery token of anyone's; a post from another site is refused by the browser's own headers instead. The
/// worst a forged post could do is add a line to a cart: ordering still needs the checkout's token. A signed-in
/// shopper's page is their own, so it carries their token and their post must too.
/// </summary>
[IgnoreAntiforgeryToken]
[SignedInAntiforgery]
[SameOriginPost]
public sealed class AddModel(ShoppingCart cart) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnPostAsync(int productId, int quantity = 1)
    {
        if (!ModelState.IsValid)
        {
            StatusMessage = $"Choose a quantity between 1 and {ShoppingCart.MaxQuantity}.";
            return RedirectToPage("Index");
        }

        var change = await cart.AddAsync(CartOwner.Ensure(HttpContext), productId, quantity);
        if (change.Result == CartChangeResult.TooManyCarts)
        {
            Refusal = change.Message;
            // Said here, not on the cart page: a client that starts cart after cart keeps no cookie to carry the message.
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = GuestCartLimit.RetryAfterSeconds;
            CartOwner.Forget(HttpContext);
            return Page();
        }

        StatusMessage = change.Message;
        return RedirectToPage("Index");
    }
}
