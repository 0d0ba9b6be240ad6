package com.example.crm.sms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolesTest {

  static Stream<Arguments> grants() {
    return Stream.of(
        Arguments.of(Set.of(), Set.of()),
        Arguments.of(Set.of("offline_access", "uma_authorization"), Set.of()),
        Arguments.of(Set.of(Roles.VIEWER), Set.of(Roles.VIEWER)),
        Arguments.of(Set.of(Roles.AGENT), Set.of(Roles.VIEWER, Roles.AGENT)),
        Arguments.of(Set.of(Roles.ADMIN), Set.of(Roles.VIEWER, Roles.AGENT, Roles.ADMIN)),
        Arguments.of(
            Set.of(Roles.VIEWER, Roles.ADMIN), Set.of(Roles.VIEWER, Roles.AGENT, Roles.ADMIN)));
  }

  @ParameterizedTest(name = "{0} implies {1}")
  @MethodSource("grants")
  void eachRoleImpliesTheOnesBelowIt(Set<String> granted, Set<String> implied) {
    assertEquals(implied, Roles.implied(granted));
  }
}
