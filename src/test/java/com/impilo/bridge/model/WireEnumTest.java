package com.impilo.bridge.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The four API enumerations: their wire names, and unknown values reading as UNRECOGNIZED with any mapper. */
class WireEnumTest {

    private static final List<Class<? extends Enum<?>>> ENUMS =
            List.of(OrderStatus.class, ShippingOption.class, Sex.class, DeviceIdentifierType.class);

    // The enumerations as the OpenAPI spec lists them, written out independently of the code under test.
    static Stream<Arguments> specValues() {
        return Stream.of(
                arguments(OrderStatus.ORDER_PLACED, "orderPlaced"),
                arguments(OrderStatus.PENDING_INVENTORY, "pendingInventory"),
                arguments(OrderStatus.PENDING_ADDITIONAL_INFORMATION, "pendingAdditionalInformation"),
                arguments(OrderStatus.ON_HOLD, "onHold"),
                arguments(OrderStatus.AWAITING_SHIPMENT, "awaitingShipment"),
                arguments(OrderStatus.SHIPPED, "shipped"),
                arguments(OrderStatus.AVAILABLE_FOR_PICKUP, "availableForPickup"),
                arguments(OrderStatus.DELIVERED, "delivered"),
                arguments(OrderStatus.UNSUCCESSFUL_DELIVERY, "unsuccessfulDelivery"),
                arguments(OrderStatus.RECONFIRM_ADDRESS, "reconfirmAddress"),
                arguments(OrderStatus.UNABLE_TO_FULFILL, "unableToFulfill"),
                arguments(OrderStatus.RETURN_ISSUED, "returnIssued"),
                arguments(OrderStatus.VOIDED, "voided"),
                arguments(ShippingOption.STANDARD, "standard"),
                arguments(ShippingOption.OVERNIGHT, "overnight"),
                arguments(Sex.OTHER, "other"),
                arguments(Sex.FEMALE, "female"),
                arguments(Sex.MALE, "male"),
                arguments(Sex.UNKNOWN, "unknown"),
                arguments(DeviceIdentifierType.SIM_CARD_NUMBER, "simCardNumber"),
                arguments(DeviceIdentifierType.MAC_ADDRESS, "macAddress"),
                arguments(DeviceIdentifierType.ICCID, "iccid"),
                arguments(DeviceIdentifierType.SERIAL, "serial"),
                arguments(DeviceIdentifierType.IMEI, "imei"));
    }

    static Stream<Arguments> enumsAndMappers() {
        return ENUMS.stream().flatMap(type -> Stream.of(
                arguments(type, ImpiloJson.mapper()),
                arguments(type, new ObjectMapper())));
    }

    @ParameterizedTest(name = "{0} <-> \"{1}\"")
    @MethodSource("specValues")
    void known_values_round_trip_to_their_wire_names(Enum<?> constant, String wireName)
            throws JsonProcessingException {
        ObjectMapper mapper = ImpiloJson.mapper();
        String json = '"' + wireName + '"';

        assertThat(mapper.writeValueAsString(constant)).isEqualTo(json);
        assertThat(mapper.readValue(json, constant.getDeclaringClass())).isSameAs(constant);
        assertThat(new ObjectMapper().readValue(json, constant.getDeclaringClass())).isSameAs(constant);
    }

    @Test
    void every_constant_but_unrecognized_is_a_spec_value() {
        List<Object> specConstants = specValues().map(args -> args.get()[0]).toList();
        List<Object> declared = ENUMS.stream()
                .flatMap(type -> Arrays.stream(type.getEnumConstants()))
                .filter(constant -> !constant.name().equals("UNRECOGNIZED"))
                .map(Object.class::cast)
                .toList();

        assertThat(declared).containsExactlyInAnyOrderElementsOf(specConstants);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("enumsAndMappers")
    void unknown_values_read_as_unrecognized(Class<? extends Enum<?>> type, ObjectMapper mapper)
            throws JsonProcessingException {
        assertThat(mapper.readValue("\"teleported\"", type)).hasToString("UNRECOGNIZED");
        assertThat(mapper.readValue("\"\"", type)).hasToString("UNRECOGNIZED");
        assertThat(mapper.readValue("null", type)).isNull();
    }

    @Test
    void shipping_option_lists_its_known_values() {
        assertThat(ShippingOption.knownValues()).isEqualTo("standard, overnight");
    }

    @Test
    void wire_name_lookup_matches_exactly() {
        assertThat(WireEnum.read(ShippingOption.class, "standard")).isEqualTo(ShippingOption.STANDARD);
        assertThat(WireEnum.read(ShippingOption.class, "Standard")).isEqualTo(ShippingOption.UNRECOGNIZED);
        assertThat(WireEnum.read(ShippingOption.class, null)).isNull();
    }
}
