using System;
using System.Collections.Generic;
using System.Linq;

namespace Apie.Hosting;

/// <summary>
/// The names that configuration enums accept: the wire names of <c>apie.config.json</c>, such as
/// <c>fail_open</c>, and the .NET member names, such as <c>FailOpen</c>, in any case.
/// </summary>
internal static class WireNames
{
    public static readonly Choices<ApieMode> Modes = new(
        ("monitor", ApieMode.Monitor),
        ("enforce", ApieMode.Enforce));

    public static readonly Choices<ApieGuardFailureMode> GuardFailureModes = new(
        ("fail_open", ApieGuardFailureMode.FailOpen),
        ("fail_closed", ApieGuardFailureMode.FailClosed),
        ("throw", ApieGuardFailureMode.Throw));

    public static readonly Choices<ApieQueueDropPolicy> DropPolicies = new(
        ("drop_oldest", ApieQueueDropPolicy.DropOldest),
        ("drop_newest", ApieQueueDropPolicy.DropNewest));

    public static readonly Choices<ApieErrorMode> ErrorModes = new(
        ("silent", ApieErrorMode.Silent),
        ("warn", ApieErrorMode.Warn),
        ("throw", ApieErrorMode.Throw));

    /// <summary>The accepted names of one enum, and its wire names for error messages.</summary>
    internal sealed class Choices<T>
        where T : struct
    {
        public Choices(params (string WireName, T Value)[] choices)
        {
            var values = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
            foreach (var (wireName, value) in choices)
            {
                values[wireName] = value;
                values[value.ToString()!] = value;
            }

            Values = values;
            Names = string.Join(", ", choices.Select(choice => choice.WireName));
        }

        public IReadOnlyDictionary<string, T> Values { get; }

        public string Names { get; }
    }
}
