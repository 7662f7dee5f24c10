using System.ComponentModel.DataAnnotations;

namespace ShopWeb.Privacy;

/// <summary>Contact details as a form posts them, from the profile or the checkout.</summary>
public sealed class ContactInput
{
    [StringLength(DetailLimits.Name, ErrorMessage = "Use at most 100 characters.")]
    [Infrastructure.PlainText]
    [Display(Name = "Full name")]
    public string? FullName { get; set; }

    [StringLength(DetailLimits.Phone, ErrorMessage = "Use at most 32 characters.")]
    [RegularExpression(@"^\+?[0-9 ()\-./]{5,32}$", ErrorMessage = "Enter a phone number such as +44 20 7946 0000.")]
    [Display(Name = "Phone (optional)")]
    public string? Phone { get; set; }
}
