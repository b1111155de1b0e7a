using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;

namespace AcrNetwork.Commands;

/// <summary>
/// The properties PowerShell lists for an output type with a TimeSpan (AcrNetwork.psm1 names the types):
/// every public property but the TimeSpans, whose number-of-milliseconds twins (DurationMs) stand for them, so
/// ConvertTo-Json and Export-Csv carry the milliseconds only. A script still reads a TimeSpan by name
/// ($diagnosis.Duration); ConvertTo-Json also reflects over the type, which [JsonIgnore] on the TimeSpan covers.
/// </summary>
internal sealed class MillisecondsOnlyPropertyAdapter : PSPropertyAdapter
{
    public override Collection<PSAdaptedProperty> GetProperties(object baseObject) =>
        new(baseObject.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.PropertyType != typeof(TimeSpan) && property.GetIndexParameters().Length == 0)
            .Select(property => new PSAdaptedProperty(property.Name, property))
            .ToList());

    public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName) =>
        baseObject.GetType().GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property
            && property.GetIndexParameters().Length == 0
            ? new PSAdaptedProperty(property.Name, property)
            : null;

    public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

    // As PowerShell's own adapter: a public setter (init-only too) lets [AcrNetwork.Diagnosis]@{ ... } build one.
    public override bool IsSettable(PSAdaptedProperty adaptedProperty) =>
        ((PropertyInfo)adaptedProperty.Tag).SetMethod is { IsPublic: true };

    public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty) =>
        ((PropertyInfo)adaptedProperty.Tag).GetValue(adaptedProperty.BaseObject);

    public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value)
    {
        var property = (PropertyInfo)adaptedProperty.Tag;
        property.SetValue(adaptedProperty.BaseObject, LanguagePrimitives.ConvertTo(value, property.PropertyType));
    }

    public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty) =>
        ((PropertyInfo)adaptedProperty.Tag).PropertyType.FullName!;
}
