using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Ordering;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Checkout;

/// <summary>
/// Checkout, as a guest or signed in. A shopper who saves their details finds them filled in; the two "save my
/// details" boxes beside the fields act exactly as on the profile. Totals are always computed here, never posted.
/// </summary>
public sealed class IndexModel(
    ShoppingCart cart,
    PlaceOrder placeOrder,
    SavedDetails details,
    CheckoutDetails checkoutDetails,
    UserManager<ApplicationUser> users,
    ShippingFees shippingFees,
    IOptions<ShopOptions> shop) : PageModel
{
    public const string PagePath = "/checkout";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public CartView Cart { get; private set; } = CartView.Empty;

    public IReadOnlyList<SavedAddress> SavedAddresses { get; private set; } = [];

    public bool SignedIn { get; private set; }

    public long ShippingMinor => shippingFees.FeeMinor(Input.Shipping, Cart.SubtotalMinor);

    public long TaxMinor => OrderPricing.TaxMinor(Cart.SubtotalMinor, shop.Value.TaxRatePercent);

    public long TotalMinor => Cart.SubtotalMinor + ShippingMinor + TaxMinor;

    /// <param name="address">A saved address to fill the form with (the shopper's own only).</param>
    public async Task<IActionResult> OnGetAsync(int? address)
    {
        Cart = await cart.ViewAsync(CartOwner.Of(HttpContext));
        Input.IdempotencyKey = Guid.NewGuid().ToString("N");
        if (await users.GetUserAsync(User) is { } user)
        {
            await FillFromAccountAsync(user, address);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var owner = CartOwner.Of(HttpContext);
        Cart = await cart.ViewAsync(owner);
        var user = await users.GetUserAsync(User);
        await LoadSavedAddressesAsync(user);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await placeOrder.PlaceAsync(owner, new OrderRequest(
            Input.IdempotencyKey, Input.Email, Input.FullName, Input.Phone, Input.Address, Input.Shipping, Input.Payment));
        switch (outcome)
        {
            case OrderOutcome.Placed { AlreadyPlaced: true } placed:
                return Confirmation(placed.Order);
            case OrderOutcome.Placed placed:
                // Placing the order cleared the unit of work; the account is read again before it changes.
                if (user is not null && await users.FindByIdAsync(user.Id) is { } account)
                {
                    await SaveChosenDetailsAsync(account);
                }
                return Confirmation(placed.Order);
            case OrderOutcome.SoldOut soldOut:
                Cart = await cart.ViewAsync(owner);
                ModelState.AddModelError(string.Empty, soldOut.Left == 0
                    ? $"Sorry: {soldOut.ProductName} has just sold out. Remove it from your cart to order the rest."
                    : $"Sorry: only {soldOut.Left} of {soldOut.ProductName} left. Change the quantity in your cart to order.");
                return Page();
            case OrderOutcome.EmptyCart:
                StatusMessage = "Your cart is empty.";
                return RedirectToPage("/Cart/Index");
            case OrderOutcome.FormReused:
                ModelState.AddModelError(string.Empty, "This form was already used. Please start the checkout again.");
                Input.IdempotencyKey = Guid.NewGuid().ToString("N");
                return Page();
            default:
                ModelState.AddModelError(string.Empty, "The shop is very busy right now and nothing was ordered. Please press \"Place order\" again.");
                return Page();
        }
    }

    private RedirectToPageResult Confirmation(Order order) =>
        RedirectToPage("Confirmation", new { number = order.Number, token = order.UserId is null ? order.AccessToken : null });

    private async Task FillFromAccountAsync(ApplicationUser user, int? addressId)
    {
        var prefill = await checkoutDetails.PrefillAsync(user);
        Input.Email = prefill.Email;
        Input.SaveContactDetails = prefill.SaveContactDetails;
        Input.SaveShippingAddresses = prefill.SaveShippingAddresses;
        if (prefill.Contact is { } contact)
        {
            Input.FullName = contact.FullName;
            Input.Phone = contact.Phone;
            Input.Address.Name = contact.FullName;
        }

        SignedIn = true;
        SavedAddresses = prefill.Addresses;
        var chosen = SavedAddresses.FirstOrDefault(a => a.Id == addressId) ?? SavedAddresses.FirstOrDefault(a => a.IsDefault);
        if (chosen is not null)
        {
            Input.Address = AddressInput.From(chosen);
        }
    }

    private async Task LoadSavedAddressesAsync(ApplicationUser? user)
    {
        SignedIn = user is not null;
        SavedAddresses = user is { SaveShippingAddresses: true } ? await details.AddressesOfAsync(user.Id) : [];
    }

    /// <summary>The boxes beside the fields are the same choices as on the profile: ticking saves, unticking erases.</summary>
    private Task SaveChosenDetailsAsync(ApplicationUser user) =>
        checkoutDetails.SaveChosenAsync(user, Input, Input.SaveContactDetails, Input.SaveShippingAddresses, PagePath);

    /// <summary>The checkout's fields (<see cref="CheckoutInput"/>, shared with the API) and the page's own.</summary>
    public sealed class InputModel : CheckoutInput
    {
        public bool SaveContactDetails { get; set; }

        public bool SaveShippingAddresses { get; set; }

        /// <summary>Made when the form is shown: the same form submitted twice places one order.</summary>
        [Required]
        [RegularExpression("^[0-9a-f]{32}$")]
        public string IdempotencyKey { get; set; } = "";
    }
}
