package com.example.crm.sms.events.kafka;

import com.example.crm.sms.events.OutboundMessageEvent;

public class OutboundMessageEventDeserializer extends EventDeserializer<OutboundMessageEvent> {

  public OutboundMessageEventDeserializer() {
    super(OutboundMessageEvent.class);
  }
}
