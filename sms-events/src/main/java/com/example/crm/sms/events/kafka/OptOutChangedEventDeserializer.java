package com.example.crm.sms.events.kafka;

import com.example.crm.sms.events.OptOutChangedEvent;

public class OptOutChangedEventDeserializer extends EventDeserializer<OptOutChangedEvent> {

  public OptOutChangedEventDeserializer() {
    super(OptOutChangedEvent.class);
  }
}
