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

    public async Task<IActionResult> OnPostAsync(int productId, int quantity = 1)
    {
        StatusMessage = ModelState.IsValid
            ? (await cart.AddAsync(CartOwner.Ensure(HttpContext), productId, quantity)).Message
            : $"Choose a quantity between 1 and {ShoppingCart.MaxQuantity}.";
        return RedirectToPage("Index");
    }
}
