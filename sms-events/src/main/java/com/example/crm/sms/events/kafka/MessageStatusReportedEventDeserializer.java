package com.example.crm.sms.events.kafka;

import com.example.crm.sms.events.MessageStatusReportedEvent;

public class MessageStatusReportedEventDeserializer
    extends EventDeserializer<MessageStatusReportedEvent> {

  public MessageStatusReportedEventDeserializer() {
    super(MessageStatusReportedEvent.class);
  }
}
