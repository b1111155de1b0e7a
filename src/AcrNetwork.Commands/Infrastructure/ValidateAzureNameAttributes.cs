using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Base for the attributes that refuse at binding a value that is not the Azure name or ID the parameter takes, with an
/// explanation of what one looks like (or what was meant) in place of PowerShell's generic message.
/// </summary>
internal abstract class ValidateExplainedAttribute : ValidateArgumentsAttribute
{
    protected sealed override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (Explain((arguments is PSObject ps ? ps.BaseObject : arguments)?.ToString()) is { } explanation)
        {
            throw new ValidationMetadataException(explanation);
        }
    }

    /// <summary>Why <paramref name="value"/> is refused; null when it is accepted.</summary>
    private protected abstract string? Explain(string? value);
}

/// <summary>Refuses anything that is not a registry name, and says what was meant.</summary>
internal sealed class ValidateRegistryNameAttribute : ValidateExplainedAttribute
{
    private protected override string? Explain(string? value) => RegistryNames.ExplainInvalidName(value);
}

/// <summary>Refuses anything that is not a registry's ARM resource ID, and says what one looks like.</summary>
internal sealed class ValidateRegistryResourceIdAttribute : ValidateExplainedAttribute
{
    private protected override string? Explain(string? value) => RegistryNames.ExplainInvalidResourceId(value);
}

/// <summary>Refuses a subscription ID that is not a GUID (a subscription's display name is the usual mistake).</summary>
internal sealed class ValidateSubscriptionIdAttribute : ValidateExplainedAttribute
{
    private protected override string? Explain(string? value) => Guid.TryParse(value, out _)
        ? null
        : $"'{value}' is not a subscription ID: use the subscription's GUID, e.g. (Get-AzContext).Subscription.Id or 'az account show --query id'.";
}

/// <summary>Refuses anything that is not an AKS cluster's ARM resource ID, and says what one looks like.</summary>
internal sealed class ValidateAksClusterIdAttribute : ValidateExplainedAttribute
{
    private protected override string? Explain(string? value) => AksClusterParser.ExplainInvalidClusterId(value);
}

/// <summary>Refuses anything that is not a subnet's ARM resource ID, and says what one looks like.</summary>
internal sealed class ValidateSubnetResourceIdAttribute : ValidateExplainedAttribute
{
    private protected override string? Explain(string? value) => ArmClientNetworkReader.ExplainInvalidSubnetId(value);
}
