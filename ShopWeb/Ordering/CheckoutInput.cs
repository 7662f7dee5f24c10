using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Ordering;

/// <summary>
/// What a checkout asks of the shopper, and its rules, for the checkout page and the API alike: the goods and their
/// prices come from the cart and the catalog, never from here.
/// </summary>
public class CheckoutInput
{
    [Required(ErrorMessage = "Enter your email address: we send the confirmation there.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as name@example.com.")]
    [ShopWeb.Email.DeliverableEmail]
    [StringLength(256, ErrorMessage = "Use an email address of at most 256 characters.")]
    [Display(Name = "Email")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your full name.")]
    [StringLength(DetailLimits.Name, ErrorMessage = "Use at most 100 characters.")]
    [Infrastructure.PlainText]
    [Display(Name = "Your full name")]
    public string FullName { get; set; } = "";

    [StringLength(DetailLimits.Phone, ErrorMessage = "Use at most 32 characters.")]
    [RegularExpression(@"^\+?[0-9 ()\-./]{5,32}$", ErrorMessage = "Enter a phone number such as +44 20 7946 0000.")]
    [Display(Name = "Phone (optional)")]
    public string? Phone { get; set; }

    [Required] // always bound (its fields carry the messages); required here so the API's document says so
    [Description("Where the order ships; the order keeps its own copy.")]
    public AddressInput Address { get; set; } = new();

    [EnumDataType(typeof(ShippingMethod), ErrorMessage = "Choose a shipping method.")]
    [Display(Name = "Shipping method")]
    [Description("Left out: standard.")]
    public ShippingMethod Shipping { get; set; } = ShippingMethod.Standard;

    [EnumDataType(typeof(PaymentMethod), ErrorMessage = "Choose a payment method.")]
    [Payments.OfferedPayment]
    [Display(Name = "Payment method")]
    [Description("One of the ways the shop offers now (another is a 400 naming payment). Left out: payOnDelivery; an app sends what the shopper chose.")]
    public PaymentMethod Payment { get; set; } = PaymentMethod.PayOnDelivery;
}
