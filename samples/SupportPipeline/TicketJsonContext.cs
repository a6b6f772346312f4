using System.Text.Json.Serialization;

namespace SupportPipeline;

/// <summary>
/// The source-generated serializer of ticket files. It reads snake_case names, enum names in any case,
/// rejects unknown properties and rejects null where the model does not allow it, all without reflection,
/// so the sample can be published with NativeAOT.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Ticket))]
internal sealed partial class TicketJsonContext : JsonSerializerContext
{
}
