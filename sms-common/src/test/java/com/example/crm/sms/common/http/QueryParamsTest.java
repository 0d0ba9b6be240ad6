package com.example.crm.sms.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.crm.sms.common.problem.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParamsTest {

  @ParameterizedTest(name = "limit={0} is {1}")
  @CsvSource({"1,1", "100,100", "' 7 ',7"})
  void aWholeNumberInRangeIsTaken(String value, int expected) {
    assertEquals(expected, QueryParams.intInRange("limit", value, 1, 100, 20));
  }

  @ParameterizedTest(name = "absent limit ''{0}'' is the default")
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void anAbsentValueIsTheDefault(String value) {
    assertEquals(20, QueryParams.intInRange("limit", value, 1, 100, 20));
  }

  @ParameterizedTest(name = "limit={0} is a 400 naming limit")
  @ValueSource(
      strings = {"abc", "0", "101", "-1", "2147483648", "9223372036854775808", "1.5", "1e3"})
  void anythingElseIsA400NamingTheParameterAndItsRange(String value) {
    ProblemException e =
        assertThrows(
            ProblemException.class, () -> QueryParams.intInRange("limit", value, 1, 100, 20));
    assertEquals(400, e.problem().status());
    assertEquals("limit", e.problem().field());
    assertTrue(e.problem().detail().contains("from 1 to 100"), e.problem().detail());
  }
}
