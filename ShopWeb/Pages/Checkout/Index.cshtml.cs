using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using ShopWeb.Ordering;
using ShopWeb.Payments;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Checkout;

/// <summary>
/// Checkout, as a guest or signed in. A shopper who saves their details finds them filled in; the two "save my
/// details" boxes beside the fields act exactly as on the profile. Totals are always computed here, never posted.
/// </summary>
[SendsToHostedPage] // Place order, by card
public sealed class IndexModel(
    ShoppingCart cart,
    PlaceOrder placeOrder,
    SavedDetails details,
    CheckoutDetails checkoutDetails,
    UserManager<ApplicationUser> users,
    ShippingFees shippingFees,
    CardPayments cardPayments,
    IOptions<PaymentOptions> payments,
    IOptions<ShopOptions> shop,
    ILogger<IndexModel> logger) : PageModel
{
    public const string PagePath = "/checkout";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public CartView Cart { get; private set; } = CartView.Empty;

    public IReadOnlyList<SavedAddress> SavedAddresses { get; private set; } = [];

    public bool SignedIn { get; private set; }

    /// <summary>The ways to pay the shop offers (the same rule refuses any other, here and in the API).</summary>
    public IReadOnlyList<PaymentMethod> PaymentMethods => payments.Value.Offered;

    public long ShippingMinor => ShippingFor(Input.Shipping);

    public long TaxMinor => OrderPricing.TaxMinor(Cart.SubtotalMinor, shop.Value.TaxRatePercent);

    public long TotalMinor => TotalWith(Input.Shipping);

    public long ShippingFor(ShippingMethod method) => shippingFees.FeeMinor(method, Cart.SubtotalMinor);

    /// <summary>The total with each way of shipping: the summary shows the one chosen (site.css), or every one without :has().</summary>
    public long TotalWith(ShippingMethod method) => Cart.SubtotalMinor + ShippingFor(method) + TaxMinor;

    /// <param name="address">A saved address to fill the form with (the shopper's own only).</param>
    public async Task<IActionResult> OnGetAsync(int? address)
    {
        Cart = await cart.ViewAsync(CartOwner.Of(HttpContext));
        Input.IdempotencyKey = Guid.NewGuid().ToString("N");
        Input.ShownSubtotalMinor = Cart.SubtotalMinor;
        if (!PaymentMethods.Contains(Input.Payment))
        {
            Input.Payment = PaymentMethods[0];
        }

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
            ShowingCart();
            return Page();
        }

        var outcome = await placeOrder.PlaceAsync(owner, new OrderRequest(
            Input.IdempotencyKey, Input.Email, Input.FullName, Input.Phone, Input.Address, Input.Shipping, Input.Payment, Input.ShownSubtotalMinor));
        if (outcome is OrderOutcome.Placed or OrderOutcome.EmptyCart)
        {
            CartCount.Forget(HttpContext); // the order took the cart
        }

        switch (outcome)
        {
            case OrderOutcome.Placed { AlreadyPlaced: true } placed:
                // The same form again: the first request already sent the shopper to pay; the order page has "Pay now".
                return placed.Order.Payment == PaymentMethod.Card ? OrderPage(placed.Order) : Confirmation(placed.Order);
            case OrderOutcome.Placed placed:
                // Placing the order cleared the unit of work; the account is read again before it changes.
                if (user is not null && await users.FindByIdAsync(user.Id) is { } account)
                {
                    StatusMessage = await SaveChosenDetailsAsync(account) is { Length: > 0 } erased ? erased : null;
                }
                return placed.Order.Payment == PaymentMethod.Card ? await ToHostedPageAsync(placed.Order) : Confirmation(placed.Order);
            case OrderOutcome.SoldOut soldOut:
                return await AgainAsync(owner, soldOut.Left == 0
                    ? $"Sorry: {soldOut.ProductName} has just sold out. Remove it from your cart to order the rest."
                    : $"Sorry: only {soldOut.Left} of {soldOut.ProductName} left. Change the quantity in your cart to order.");
            case OrderOutcome.NotOnSale notOnSale:
                return await AgainAsync(owner, $"Sorry: {notOnSale.ProductName} is no longer on sale. Remove it from your cart to order the rest.");
            case OrderOutcome.PricesChanged changed:
                return await AgainAsync(owner,
                    $"The prices in your cart changed since this page was shown: your items now come to {Catalog.Prices.Format(changed.SubtotalMinor, shop.Value.Currency)}. Nothing was ordered. Check the summary, then press \"Place order\" again.");
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

    private RedirectToPageResult OrderPage(Order order) =>
        RedirectToPage("/Orders/Details", new { number = order.Number, token = order.UserId is null ? order.AccessToken : null });

    /// <summary>
    /// The order is placed, awaiting payment with its stock held: send the shopper to the provider's page. If the
    /// provider cannot be reached the order stays as it is, and its page offers "Pay now".
    /// </summary>
    private async Task<IActionResult> ToHostedPageAsync(Order order)
    {
        try
        {
            if (await cardPayments.StartAsync(order.Id, HttpContext.RequestAborted) is { } payment)
            {
                return new SeeOtherResult(payment.Url);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !HttpContext.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not start the card payment of order {Number}", order.Number);
            StatusMessage = $"Your order {order.Number} is placed, but the payment page could not be opened just now. Press \"Pay now\" to try again.";
        }

        return OrderPage(order);
    }

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
    private Task<string> SaveChosenDetailsAsync(ApplicationUser user) =>
        checkoutDetails.SaveChosenAsync(user, Input, Input.SaveContactDetails, Input.SaveShippingAddresses, PagePath);

    /// <summary>The form again, saying why nothing was ordered, with the cart as it is now.</summary>
    private async Task<PageResult> AgainAsync(CartOwner owner, string problem)
    {
        Cart = await cart.ViewAsync(owner);
        ShowingCart();
        ModelState.AddModelError(string.Empty, problem);
        return Page();
    }

    /// <summary>The page shows the cart's prices as they are now: the next "Place order" orders at those.</summary>
    private void ShowingCart()
    {
        ModelState.Remove($"{nameof(Input)}.{nameof(Input.ShownSubtotalMinor)}");
        Input.ShownSubtotalMinor = Cart.SubtotalMinor;
    }

    /// <summary>The checkout's fields (<see cref="CheckoutInput"/>, shared with the API) and the page's own.</summary>
    public sealed class InputModel : CheckoutInput
    {
        public bool SaveContactDetails { get; set; }

        public bool SaveShippingAddresses { get; set; }

        /// <summary>Made when the form is shown: the same form submitted twice places one order.</summary>
        [Required]
        [RegularExpression("^[0-9a-f]{32}$")]
        public string IdempotencyKey { get; set; } = "";

        /// <summary>The goods' total the page showed: the order is placed only at those prices.</summary>
        [Range(0, long.MaxValue)]
        public long? ShownSubtotalMinor { get; set; }
    }
}
